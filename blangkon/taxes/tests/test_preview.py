"""The public tax preview: the page /pajak/simulasi/ and POST /api/v1/taxes/preview."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/taxes/preview"


def _request(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "date": "2025-06-02",
        "price": 11_100_000,
        "tax_class": "goods",
        "collector": "bendahara",
        "vendor": {"kind": "badan_usaha", "pkp": True, "npwp": True},
    }
    return body | changes


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post(URL, body, content_type="application/json")


def test_the_api_previews_example_g1_without_a_login(client: Client) -> None:
    answer = _post(client, _request())
    assert answer.status_code == 200
    body = answer.json()
    assert {key: body[key] for key in ("dpp", "ppn", "ppn_collected_by_buyer", "pph22")} == {
        "dpp": 10_000_000,
        "ppn": 1_100_000,
        "ppn_collected_by_buyer": 1_100_000,
        "pph22": 150_000,
    }
    assert body["net_to_vendor"] == 9_850_000
    assert body["lines"][1] == {
        "type": "pph22",
        "rate": "1.5",
        "base": 10_000_000,
        "amount": 150_000,
        "collector": "bendahara",
        "legal_basis": "UU PPh Pasal 22; PMK 59/2022",
        "rule_version": "pemungutan-2024-01-01",
    }
    assert body["bea_meterai"] == [{"document": "kuitansi", "amount": 10_000, "owed_by": "opd"}]


def test_the_api_defaults_the_vendors_flags_to_false(client: Client) -> None:
    # Example V2: an individual without NPWP or valid NIK pays PPh 22 at 3 %.
    body = _request(price=5_000_000, vendor={"kind": "perorangan"})
    del body["collector"]
    answer = _post(client, body).json()
    assert (answer["pph22"], answer["net_to_vendor"]) == (150_000, 4_850_000)


def test_the_api_previews_a_pihak_lain_collection(client: Client) -> None:
    # Example M1.
    answer = _post(client, _request(collector="pihak_lain")).json()
    assert [line["collector"] for line in answer["lines"]] == ["pihak_lain", "pihak_lain"]
    assert answer["net_to_vendor"] == 9_950_000


def test_bad_input_answers_the_common_error_body_in_indonesian(client: Client) -> None:
    body = _request(date="2019-12-31", price=-1, tax_class="mewah", vendor={"kind": "koperasi"})
    answer = _post(client, body)
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "invalid_input"
    assert error["message"] == "Beberapa kolom belum diisi atau tidak valid."
    assert set(error["fields"]) == {"date", "price", "tax_class", "vendor.kind"}
    assert error["fields"]["date"].startswith("Masukkan tanggal")


def test_a_pihak_lain_before_pmk_58_is_refused(client: Client) -> None:
    answer = _post(client, _request(date="2022-03-31", collector="pihak_lain"))
    assert answer.status_code == 400
    assert "1 April 2022" in answer.json()["fields"]["collector"]


def test_a_missing_vendor_is_named(client: Client) -> None:
    body = _request()
    del body["vendor"]
    answer = _post(client, body)
    assert answer.status_code == 400
    assert "vendor" in answer.json()["fields"]


def test_the_page_shows_an_empty_form_to_anyone(client: Client) -> None:
    page = client.get("/pajak/simulasi/")
    assert page.status_code == 200
    assert b'name="price"' in page.content
    assert b"error-summary" not in page.content


def test_the_page_shows_the_lines_and_what_reaches_the_vendor(client: Client) -> None:
    # Example C3: an individual caterer registered for PBJT.
    query = {
        "date": "2025-06-02",
        "price": "Rp 10.000.000",
        "tax_class": "catering",
        "collector": "bendahara",
        "kind": "perorangan",
        "nik_valid_as_npwp": "on",
        "pbjt_registered": "on",
        "pbjt_percent": "10",
    }
    page = client.get("/pajak/simulasi/", query)
    html = page.content.decode()
    assert "Rp9.772.727" in html  # what reaches the vendor
    assert "Rp227.273" in html  # PPh 21
    assert "Rp909.091" in html  # PBJT, shown, not deducted
    assert 'data-label="' in html


def test_the_page_sends_a_bad_form_back_with_its_errors(client: Client) -> None:
    page = client.get("/pajak/simulasi/", {"price": "45,000", "date": "", "tax_class": "goods"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "error-summary" in html
    assert "Tulis ribuan dengan titik" in html or "titik" in html
    assert "Rp0" not in html.split("error-summary")[0]  # no result above the form


def test_a_boolean_price_or_a_word_for_a_flag_is_refused_in_indonesian(client: Client) -> None:
    body = _request(price=True, vendor={"kind": "perorangan", "pkp": "mungkin"})
    answer = _post(client, body)
    assert answer.status_code == 400
    assert answer.json()["fields"] == {
        "price": "Masukkan bilangan bulat.",
        "vendor.pkp": "Isi dengan true atau false.",
    }
