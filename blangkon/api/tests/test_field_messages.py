"""A value the API refuses is named in the caller's language: pydantic's own
messages are English ("Input should be 'draft', 'menunggu_persetujuan' or …")
and must never reach an Indonesian integrator as they are."""

from typing import Any

import pytest
from django.test import Client

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from conftest import World

ENGLISH_FROM_PYDANTIC = ("Input should", "Value error", "Field required")


def bearer(user: User, language: str = "id") -> dict[str, str]:
    _token, raw = api_token_issue(user=user)
    return {"Authorization": f"Bearer {raw}", "Accept-Language": language}


def post_as_pp(client: Client, world: World, path: str, body: object) -> Any:
    headers = bearer(world.user("pp.batang"))
    return client.post(path, body, content_type="application/json", headers=headers)


def refused_fields(response: Any) -> dict[str, str]:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_input"
    for message in body["fields"].values():
        assert not any(english in message for english in ENGLISH_FROM_PYDANTIC), message
    return body["fields"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "status=SENGKETA",
            "status",
            "Pilih salah satu: 'draft', 'menunggu_persetujuan', 'menunggu_konfirmasi'",
        ),
        ("queue=semua", "queue", "Antrean tidak dikenal: pilih salah satu dari draf, berakhir, "),
        ("vendor_id=dua", "vendor_id", "Masukkan bilangan bulat."),
        ("since=7-12-2026", "since", "Masukkan tanggal dengan format YYYY-MM-DD."),
    ],
)
def test_a_bad_filter_value_is_refused_in_indonesian(
    client: Client, world: World, query: str, field: str, message: str
) -> None:
    response = client.get(f"/api/v1/orders?{query}", headers=bearer(world.user("pp.batang")))
    fields = refused_fields(response)
    assert list(fields) == [field]
    assert fields[field].startswith(message), fields[field]


def test_a_choice_outside_a_body_field_choices_lists_them(client: Client, world: World) -> None:
    body = {
        "lines": [{"product_id": 1, "quantity": 1}],
        "delivery_address_id": 1,
        "funding_source": "APBN",
    }
    response = post_as_pp(client, world, "/api/v1/orders", body)
    fields = refused_fields(response)
    assert fields["funding_source"] == "Pilih salah satu: 'APBD', 'APBD-P', 'BLUD'."


def test_an_english_caller_reads_english(client: Client, world: World) -> None:
    headers = bearer(world.user("pp.batang"), language="en")
    response = client.get("/api/v1/orders?status=SENGKETA&vendor_id=dua", headers=headers)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["status"].startswith("Choose one of: 'draft', ")
    assert fields["vendor_id"] == "Enter a whole number."


def test_a_yes_for_true_or_false_is_refused_in_indonesian(client: Client, world: World) -> None:
    body = {
        "date": "2026-12-07",
        "price": 1_000_000,
        "tax_class": "barang",
        "vendor": {"kind": "orang_pribadi", "pkp": "ya"},
    }
    response = post_as_pp(client, world, "/api/v1/taxes/preview", body)
    fields = refused_fields(response)
    assert fields["vendor.pkp"] == "Isi dengan true atau false."
