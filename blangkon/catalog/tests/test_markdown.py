"""Descriptions: a small, safe subset of Markdown; everything else is text."""

import re

import pytest

from blangkon.catalog.markdown import render_description


def test_paragraphs_line_breaks_and_emphasis() -> None:
    html = render_description("Kertas **HVS** *putih* _premium_\nisi 500 lembar\n\nParagraf dua")
    assert html == (
        "<p>Kertas <strong>HVS</strong> <em>putih</em> <em>premium</em><br>isi 500 lembar</p>"
        "<p>Paragraf dua</p>"
    )


def test_bullet_and_numbered_lists() -> None:
    html = render_description("Isi paket:\n- nasi\n* ayam\n\n1. pesan\n2) bayar")
    assert html == (
        "<p>Isi paket:</p><ul><li>nasi</li><li>ayam</li></ul><ol><li>pesan</li><li>bayar</li></ol>"
    )


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "<a href='javascript:alert(1)'>klik</a>",
        "**<svg onload=alert(1)>**",
        "<p onclick=alert(1)>x</p>",
    ],
)
def test_html_and_javascript_come_out_as_text(attack: str) -> None:
    html = render_description(attack)
    assert set(re.findall(r"</?([a-z]+)", html)) <= {"p", "strong"}
    assert "&lt;" in html
    assert "<p onclick" not in html


def test_an_entity_is_shown_as_typed_not_decoded() -> None:
    assert render_description("&lt;script&gt;") == "<p>&amp;lt;script&amp;gt;</p>"


def test_only_the_allowed_tags_remain() -> None:
    html = render_description("x <b>y</b> <em>z</em> <table><tr><td>1</td></tr></table>")
    tags = set(re.findall(r"</?([a-z]+)", html))
    assert tags <= {"p", "br", "strong", "em", "ul", "ol", "li"}
    assert tags == {"p"}


def test_underscores_inside_words_and_lone_stars_stay() -> None:
    assert render_description("kode_barang_01 2*3*4") == "<p>kode_barang_01 2*3*4</p>"


def test_an_empty_description_renders_nothing() -> None:
    assert render_description("") == ""
    assert render_description("\n\n  \n") == ""
