"""GET /api/v1/orders/{id}: the parties, the pemda's kab/kota admin and
auditors read an order with the actions each may take next; anyone else gets
404, in the common error shape."""

import pytest
from django.test import Client

from blangkon.accounts.models import User
from blangkon.accounts.services import api_token_issue
from blangkon.audit.models import AuditEvent
from blangkon.audit.views.objects import resolve_objects
from blangkon.catalog.tests.factories import Market, market
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import live_product, make_order

__all__ = ["market"]


def api(user: User) -> Client:
    _token, raw = api_token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_readers_see_the_order_and_their_next_actions(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_KONFIRMASI, live_product(market), 3)
    expected = {
        "pp.batang": ["cancel"],
        "ppk.batang": ["cancel"],
        "pemilik.vendor": ["accept", "decline"],
        "admin.batang": [],
        "auditor.provinsi": [],
    }
    for name, actions in expected.items():
        response = api(market.world.user(name)).get(f"/api/v1/orders/{order.pk}")
        assert response.status_code == 200, name
        body = response.json()
        assert body["next_actions"] == actions, name
    assert body["number"] == order.number
    assert body["total"] == 75_000
    assert [line["quantity"] for line in body["lines"]] == [3]
    assert [step["to_status"] for step in body["history"]] == [
        S.DRAFT,
        S.MENUNGGU_PERSETUJUAN,
        S.MENUNGGU_KONFIRMASI,
    ]


# After the shipment the table lets an order go back to DIPROSES (the
# inspection, the PPK's send-back) and out of a dispute to DIKIRIM or DITERIMA
# (the kab/kota admin): neither is the vendor's accept or ship, nor the PPK's receipt.
LATER_ACTIONS: dict[str, dict[str, list[str]]] = {
    S.DIKIRIM: {"pemilik.vendor": ["dispute"], "ppk.batang": ["receive", "dispute"]},
    S.DITERIMA: {
        "pemilik.vendor": ["sign-bast", "dispute"],
        "ppk.batang": ["sign-bast", "dispute", "send-back"],
    },
    S.SENGKETA: {
        "pemilik.vendor": [],
        "ppk.batang": [],
        "admin.batang": ["resolve-dispute"],
        # Reads every order; resolves only the disputes of the province's own OPDs.
        "admin.provinsi": [],
        "auditor.provinsi": [],
    },
}


@pytest.mark.parametrize("status", list(LATER_ACTIONS))
def test_after_the_shipment_each_side_is_offered_only_its_own_moves(
    market: Market, status: str
) -> None:
    order = make_order(market, status, live_product(market))
    for name, actions in LATER_ACTIONS[status].items():
        response = api(market.world.user(name)).get(f"/api/v1/orders/{order.pk}")
        assert response.json()["next_actions"] == actions, name


def test_anyone_else_gets_404(market: Market) -> None:
    order = make_order(market, S.DRAFT, live_product(market))
    for name in ("pp.kendal", "admin.kendal", "pendamping.batang"):
        response = api(market.world.user(name)).get(f"/api/v1/orders/{order.pk}")
        assert response.status_code == 404, name
        assert response.json()["code"] == "not_found"
    response = api(market.kendal_owner).get(f"/api/v1/orders/{order.pk}")
    assert response.status_code == 404
    assert Client().get(f"/api/v1/orders/{order.pk}").status_code == 401


def test_the_audit_log_names_an_order_by_its_number_and_opd(market: Market) -> None:
    order = make_order(market, S.MENUNGGU_PERSETUJUAN, live_product(market))
    events = list(
        AuditEvent.objects.filter(object_type="orders.order", object_id=str(order.pk)).order_by(
            "id"
        )
    )
    assert [event.action for event in events] == ["order.draft", "order.menunggu_persetujuan"]
    refs = resolve_objects(events, market.world.user("auditor.provinsi"))
    assert {(ref.label, ref.owner) for ref in refs.values()} == {
        (order.number, "Dinas Koperasi dan UKM")
    }


def test_the_history_names_a_vendors_user_only_to_that_vendor(market: Market) -> None:
    """As the order page does: officials act in office and are named to every
    reader; the vendor's user who accepted is named to the vendor only, and
    to the others given by role and organisation."""
    order = make_order(market, S.DIPROSES, live_product(market), 1)
    accepted_by = order.status_changes.get(to_status=S.DIPROSES).actor
    assert accepted_by is not None
    assert accepted_by.organisation_id is not None

    def history(reader: str) -> list[dict[str, object]]:
        response = api(market.world.user(reader)).get(f"/api/v1/orders/{order.pk}")
        assert response.status_code == 200, reader
        return [
            {key: step[key] for key in ("actor", "actor_role", "actor_organisation_id")}
            for step in response.json()["history"]
        ]

    by_vendor = history("pemilik.vendor")
    assert by_vendor[-1] == {
        "actor": accepted_by.username,
        "actor_role": accepted_by.role,
        "actor_organisation_id": accepted_by.organisation_id,
    }
    submitted = by_vendor[1]
    assert submitted["actor"] == "pp.batang"
    assert submitted["actor_role"] == "pp"
    for reader in ("pp.batang", "ppk.batang", "admin.batang", "auditor.provinsi"):
        seen = history(reader)
        assert seen[-1] == {**by_vendor[-1], "actor": None}, reader
        assert seen[:-1] == by_vendor[:-1], reader
