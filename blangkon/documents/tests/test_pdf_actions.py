"""PDF actions in identity documents: anything but moving inside the document
is refused, however the file spells or hides it; clean files still pass."""

from collections.abc import Callable
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

from blangkon.core.errors import DomainError
from blangkon.documents.tests import pdfs, samples
from blangkon.documents.validation import validate_upload

ACTION = 4  # the action's object number in the files below


def check(content: bytes) -> None:
    validate_upload(upload=samples.upload("ktp.pdf", content), kind="ktp")


def assert_refused_for_active_content(content: bytes) -> None:
    with translation.override("en"), pytest.raises(DomainError) as caught:
        check(content)
    assert caught.value.code == "invalid_file"
    # Refused for what it does, not because it could not be read.
    assert "actions" in str(caught.value.message), caught.value.message


def opened_with(action: bytes) -> list[bytes]:
    """The catalog runs object 4 when the file is opened (/OpenAction)."""
    return [*pdfs.page_tree(catalog=b"/OpenAction 4 0 R "), action]


def plain(objects: list[bytes]) -> bytes:
    return pdfs.raw_pdf(objects)


def escaped(objects: list[bytes]) -> bytes:
    return pdfs.raw_pdf([pdfs.escaped(body) for body in objects])


def in_object_stream(objects: list[bytes]) -> bytes:
    return pdfs.object_stream_pdf(objects)


def added_by_an_update(objects: list[bytes]) -> bytes:
    """A clean file, then an incremental update that rewrites it with these
    objects (names escaped), as an editor saving changes does."""
    clean = pdfs.raw_pdf(pdfs.page_tree())
    changed = {number: pdfs.escaped(body) for number, body in enumerate(objects, start=1)}
    return pdfs.incremental_update(clean, changed)


ENCODINGS: dict[str, Callable[[list[bytes]], bytes]] = {
    "plain": plain,
    "hex-escaped": escaped,
    "object-stream": in_object_stream,
    "incremental-update": added_by_an_update,
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("action", pdfs.ACTIONS)
def test_an_action_run_when_the_pdf_opens_is_refused(action: str, encoding: str) -> None:
    content = ENCODINGS[encoding](opened_with(pdfs.ACTIONS[action]))
    assert f"/{action}".encode() not in content or encoding == "plain"
    assert_refused_for_active_content(content)


# Where else a viewer finds an action: a link on the page, the page's
# additional actions, the chain after a harmless first action, written inline.
PLACES: dict[str, list[bytes]] = {
    "link": [
        *pdfs.page_tree(page=b"/Annots [5 0 R] "),
        pdfs.ACTIONS["URI"],
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A 4 0 R >>",
    ],
    "page-opened": [*pdfs.page_tree(page=b"/AA << /O 4 0 R >> "), pdfs.ACTIONS["Launch"]],
    "after-goto": [
        *pdfs.page_tree(catalog=b"/OpenAction 5 0 R "),
        pdfs.ACTIONS["SubmitForm"],
        b"<< /S /GoTo /D [3 0 R /Fit] /Next [4 0 R] >>",
    ],
    "inline": pdfs.page_tree(catalog=b"/OpenAction " + pdfs.ACTIONS["GoToR"] + b" "),
    "form-field": [
        *pdfs.page_tree(catalog=b"/AcroForm << /Fields [5 0 R] >> ", page=b"/Annots [5 0 R] "),
        pdfs.ACTIONS["ImportData"],
        b"<< /FT /Btn /T (kirim) /Subtype /Widget /Rect [0 0 9 9] /P 3 0 R /A 4 0 R >>",
    ],
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("place", PLACES)
def test_an_action_anywhere_in_the_document_is_refused(place: str, encoding: str) -> None:
    assert_refused_for_active_content(ENCODINGS[encoding](PLACES[place]))


def test_additional_actions_are_refused_even_when_they_only_move_a_page() -> None:
    assert_refused_for_active_content(
        pdfs.raw_pdf([*pdfs.page_tree(page=b"/AA << /O 4 0 R >> "), pdfs.GOTO])
    )


def test_an_action_left_in_an_earlier_revision_is_refused() -> None:
    # The update drops /OpenAction from the catalog; the action is still in the file.
    with_script = pdfs.raw_pdf(opened_with(pdfs.ACTIONS["JavaScript"]))
    content = pdfs.incremental_update(with_script, {1: pdfs.page_tree()[0]})
    assert_refused_for_active_content(content)


def test_an_action_made_with_pypdf_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_uri(0, "https://contoh.invalid/", RectangleObject([0, 0, 50, 50]))
    content = samples.pdf_opening_with({"/S": "/URI", "/URI": "https://contoh.invalid/"}, writer)
    assert_refused_for_active_content(content)


CLEAN: dict[str, list[bytes]] = {
    "blank": pdfs.page_tree(),
    "opens-at-a-destination": pdfs.page_tree(catalog=b"/OpenAction [3 0 R /Fit] "),
    "opens-with-goto": opened_with(pdfs.GOTO),
    "goto-link": [
        *pdfs.page_tree(page=b"/Annots [5 0 R] "),
        pdfs.GOTO,
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A 4 0 R >>",
    ],
    "next-page-button": opened_with(pdfs.NAMED),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("document", CLEAN)
def test_a_pdf_that_only_moves_inside_itself_is_accepted(document: str, encoding: str) -> None:
    content = ENCODINGS[encoding](CLEAN[document])
    assert len(PdfReader(BytesIO(content)).pages) == 1
    check(content)


def test_a_scan_whose_image_bytes_look_like_action_names_is_accepted() -> None:
    # Compressed image data is random bytes; in a few megabytes, "/JS" or "/AA"
    # followed by a delimiter turns up by chance. It is not a name there.
    image = b"\x8a\x01/JS>\x00/AA \x7f/Launch(\xff/URI/" * 50
    content = pdfs.raw_pdf(
        [
            *pdfs.page_tree(page=b"/Resources << /XObject << /Im0 4 0 R >> >> "),
            b"<< /Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
            % len(image)
            + image
            + b"\nendstream",
        ]
    )
    check(content)


def test_a_name_inside_a_text_string_is_not_an_action() -> None:
    content = pdfs.raw_pdf(
        [*pdfs.page_tree(catalog=b"/Lang (id) "), b"<< /Title (Salinan /URI /JavaScript) >>"]
    )
    check(content)
