"""The orders as OCDS 1.1 release packages: an order in every state moved
there by the real services, each package checked against the official 1.1.5
schema offline, the paging, the window, Last-Modified, bad input, personal
data, the number of queries, and the export command."""

import datetime
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from blangkon.accounts.models import User
from blangkon.catalog.models import Product
from blangkon.catalog.tests.factories import Market, market
from blangkon.ocds.releases import DATE_FIELDS
from blangkon.ocds.tests.ocds_validation import package_problems
from blangkon.orders import order_services as services
from blangkon.orders.models import Order
from blangkon.orders.status import OrderStatus as S
from blangkon.orders.tests.order_factories import PATHS, buyer, checkout, live_product

__all__ = ["market"]

URL = "/api/v1/open-data/ocds/releases.json"
JAKARTA = ZoneInfo("Asia/Jakarta")
Step = Callable[[Market, Order], Order]


def _time_out(market: Market, order: Order) -> Order:
    return services.order_time_out(order_id=order.pk)


def _cancel(market: Market, order: Order) -> Order:
    return services.order_cancel(user=buyer(market), order_id=order.pk, reason="Tidak jadi")


def _resolve_cancel(market: Market, order: Order) -> Order:
    admin = market.world.user("admin.batang")
    return services.order_resolve_dispute(
        user=admin, order_id=order.pk, to=S.DIBATALKAN, reason="Barang tidak sesuai"
    )


SIGNED = PATHS[S.MENUNGGU_KONFIRMASI]
# name: (the way there, the steps published in order, the contract's last status)
CASES: dict[str, tuple[tuple[Step, ...], list[str], str | None]] = {
    "draft": (PATHS[S.DRAFT], [], None),
    "waiting_ppk": (PATHS[S.MENUNGGU_PERSETUJUAN], [], None),
    "timed_out_before_ppk": (PATHS[S.BATAL_OTOMATIS], [], None),
    "signed": (SIGNED, ["tender", "award", "contract"], "pending"),
    "accepted": (PATHS[S.DIPROSES], ["tender", "award", "contract", "accepted"], "active"),
    "shipped": (PATHS[S.DIKIRIM], ["tender", "award", "contract", "accepted"], "active"),
    "received": (
        PATHS[S.DITERIMA],
        ["tender", "award", "contract", "accepted", "delivered"],
        "active",
    ),
    "bast": (
        PATHS[S.BAST_DITANDATANGANI],
        ["tender", "award", "contract", "accepted", "delivered", "bast"],
        "active",
    ),
    "invoiced": (
        PATHS[S.DITAGIH],
        ["tender", "award", "contract", "accepted", "delivered", "bast", "invoiced"],
        "active",
    ),
    "paid": (
        PATHS[S.DIBAYAR],
        ["tender", "award", "contract", "accepted", "delivered", "bast", "invoiced", "paid"],
        "active",
    ),
    "completed": (
        PATHS[S.SELESAI],
        [
            *("tender", "award", "contract", "accepted", "delivered", "bast", "invoiced"),
            *("paid", "ended"),
        ],
        "terminated",
    ),
    "disputed": (
        PATHS[S.SENGKETA],
        ["tender", "award", "contract", "accepted", "disputed"],
        "active",
    ),
    "declined": (PATHS[S.DITOLAK], ["tender", "award", "contract", "ended"], "cancelled"),
    "timed_out": ((*SIGNED, _time_out), ["tender", "award", "contract", "ended"], "cancelled"),
    "cancelled": ((*SIGNED, _cancel), ["tender", "award", "contract", "ended"], "cancelled"),
    "dispute_cancelled": (
        (*PATHS[S.SENGKETA], _resolve_cancel),
        ["tender", "award", "contract", "accepted", "disputed", "ended"],
        "terminated",
    ),
}


def _order(market: Market, product: Product, path: tuple[Step, ...]) -> Order:
    order = checkout(market, product, 2).order
    for step in path:
        order = step(market, order)
    order.refresh_from_db()
    return order


@pytest.fixture
def orders(market: Market) -> dict[str, Order]:
    """One order per case; the draft last, so it stays in nobody's way."""
    product = live_product(market)
    built = {name: _order(market, product, path) for name, (path, *_rest) in CASES.items() if path}
    built["draft"] = _order(market, product, ())
    return built


def local(moment: datetime.datetime | None) -> datetime.datetime:
    assert moment is not None
    return moment.astimezone(JAKARTA)


def streamed(response: Any) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def get_package(client: Client, **query: Any) -> tuple[dict[str, Any], Any]:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return json.loads(streamed(response)), response


def by_ocid(package: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for release in package["releases"]:
        found.setdefault(release["ocid"], []).append(release)
    return found


def ocid_of(order: Order) -> str:
    return "ocds-xxxxxx-" + order.number.replace("/", "-")


def test_every_state_is_published_as_a_valid_package(
    client: Client, orders: dict[str, Order]
) -> None:
    package, _response = get_package(client, limit=1000)
    assert package_problems(package) == []
    processes = by_ocid(package)
    for name, (_path, steps, status) in CASES.items():
        order = orders[name]
        if not steps:
            assert order.number == "" or ocid_of(order) not in processes, name
            continue
        releases = processes[ocid_of(order)]
        assert [r["id"].rsplit("-", 1)[1] for r in releases] == steps, name
        assert releases[-1]["contracts"][0]["status"] == status, name
    assert len(processes) == sum(1 for _p, steps, _s in CASES.values() if steps)


def test_the_releases_say_what_each_step_did(client: Client, orders: dict[str, Order]) -> None:
    package, _response = get_package(client, limit=1000)
    completed = orders["completed"]
    releases = {r["id"].rsplit("-", 1)[1]: r for r in by_ocid(package)[ocid_of(completed)]}
    tender = releases["tender"]["tender"]
    assert tender["procurementMethod"] == "direct"
    assert tender["procurementMethodDetails"] == "E-purchasing toko daring (Blangkon)"
    assert tender["value"] == {"amount": completed.total, "currency": "IDR"}
    line = completed.lines.get()
    assert tender["items"] == [
        {
            "id": "1",
            "description": line.name,
            "classification": {
                "scheme": "X-BLANGKON-KATEGORI",
                "id": line.category.slug,
                "description": line.category.name,
            },
            "quantity": 2,
            "unit": {"name": line.unit, "value": {"amount": line.unit_price, "currency": "IDR"}},
        }
    ]
    award = releases["award"]["awards"][0]
    assert award["suppliers"] == [
        {"id": f"penyedia-{completed.vendor_id}", "name": completed.vendor.organisation.name}
    ]
    contract = releases["contract"]["contracts"][0]
    assert contract["dateSigned"] == local(completed.approved_at).isoformat(timespec="seconds")
    assert contract["value"]["amount"] == completed.total
    paid = releases["paid"]["contracts"][0]["implementation"]
    assert [(m["id"], m["status"]) for m in paid["milestones"]] == [
        ("pengiriman", "met"),
        ("bast", "met"),
        ("pembayaran", "met"),
    ]
    (transaction,) = paid["transactions"]
    assert transaction["value"] == {"amount": completed.payment.amount, "currency": "IDR"}
    assert transaction["payer"]["id"] == f"opd-{completed.opd_id}"
    assert transaction["payee"]["id"] == f"penyedia-{completed.vendor_id}"
    roles = {p["id"]: p["roles"] for p in releases["paid"]["parties"]}
    assert roles == {
        f"opd-{completed.opd_id}": ["buyer", "procuringEntity", "payer"],
        f"penyedia-{completed.vendor_id}": ["tenderer", "supplier", "payee"],
    }
    disputed = by_ocid(package)[ocid_of(orders["disputed"])][-1]
    delivery = disputed["contracts"][0]["implementation"]["milestones"][0]
    assert (disputed["tag"], delivery["status"]) == (["implementationUpdate"], "notMet")
    declined = by_ocid(package)[ocid_of(orders["declined"])][-1]
    assert declined["tag"] == ["contractTermination"]
    assert declined["awards"][0]["status"] == "cancelled"


def _follow(client: Client, query: dict[str, Any], way: str) -> list[list[str]]:
    """The ids of each page, from the page of `query` along links[way] to the end."""
    pages: list[list[str]] = []
    while True:
        page, _response = get_package(client, **query)
        assert package_problems(page) == []
        pages.append([release["id"] for release in page["releases"]])
        if way not in page.get("links", {}):
            return pages
        link = urlsplit(page["links"][way])
        assert link.path == URL
        query = dict(parse_qsl(link.query))


def test_the_links_lead_through_every_release_once(
    client: Client, orders: dict[str, Order]
) -> None:
    everything, _response = get_package(client, limit=1000)
    assert "links" not in everything
    forward = _follow(client, {"limit": 4}, "next")
    seen = [release for page in forward for release in page]
    assert sorted(seen) == sorted(r["id"] for r in everything["releases"])
    assert len(seen) == len(set(seen))
    assert [len(page) for page in forward[:-1]] == [4] * (len(forward) - 1)
    assert len(forward) == -(-len(seen) // 4)
    # From the last page back, links.prev gives the same pages.
    last, _response = get_package(client, limit=4, cursor=_cursor_of_last(client))
    assert [r["id"] for r in last["releases"]] == forward[-1]
    backward = _follow(client, {"limit": 4, "cursor": _cursor_of_last(client)}, "prev")
    assert backward == forward[::-1]


def _cursor_of_last(client: Client) -> str:
    query: dict[str, Any] = {"limit": 4}
    while True:
        page, _response = get_package(client, **query)
        if "next" not in page.get("links", {}):
            return query["cursor"]
        query = dict(parse_qsl(urlsplit(page["links"]["next"]).query))


def _move_back(order: Order, days: int) -> None:
    """Every date of the order `days` earlier, as if it had happened then."""
    shift = datetime.timedelta(days=days)
    changes = {f: getattr(order, f) - shift for f in DATE_FIELDS if getattr(order, f)}
    Order.objects.filter(pk=order.pk).update(**changes)


def test_since_and_until_choose_releases_by_their_date(
    client: Client, orders: dict[str, Order]
) -> None:
    old = orders["completed"]
    _move_back(old, 400)
    old.refresh_from_db()
    day = local(old.approved_at).date()
    package, _response = get_package(client, since=day.isoformat(), until=day.isoformat())
    assert package_problems(package) == []
    dates = [datetime.datetime.fromisoformat(r["date"]).date() for r in package["releases"]]
    assert set(dates) == {day}
    assert {r["ocid"] for r in package["releases"]} == {ocid_of(old)}
    newer, _response = get_package(client, since=(day + datetime.timedelta(days=1)).isoformat())
    assert ocid_of(old) not in by_ocid(newer)
    assert ocid_of(orders["signed"]) in by_ocid(newer)
    # A date-time bound is exact (to the microsecond: the test's steps share a second).
    moment = local(old.bast_signed_at)
    later, _response = get_package(
        client, since=moment.isoformat(), until=(moment + datetime.timedelta(days=300)).isoformat()
    )
    assert [r["id"].rsplit("-", 1)[1] for r in later["releases"]] == [
        "bast",
        "invoiced",
        "paid",
        "ended",
    ]
    # The offset's "+" written unencoded arrives as a space, and still counts.
    end = moment + datetime.timedelta(days=300)
    unencoded = client.get(f"{URL}?since={moment.isoformat()}&until={end.isoformat()}")
    assert json.loads(streamed(unencoded))["releases"] == later["releases"]
    # A window without releases has no package to send: the schema wants one release at least.
    future = (local(timezone.now()) + datetime.timedelta(days=30)).date().isoformat()
    empty = client.get(URL, {"since": future})
    assert empty.status_code == 204
    assert empty.content == b""


def test_last_modified_is_the_newest_release_and_answers_304(
    client: Client, orders: dict[str, Order]
) -> None:
    package, response = get_package(client, limit=1000)
    newest = max(datetime.datetime.fromisoformat(r["date"]) for r in package["releases"])
    assert response["Last-Modified"] == http_date(newest.timestamp())
    assert package["publishedDate"] == newest.isoformat()
    again = client.get(
        URL, {"limit": 1000}, headers={"If-Modified-Since": http_date(newest.timestamp())}
    )
    assert again.status_code == 304
    older = http_date(newest.timestamp() - 60)
    changed = client.get(URL, {"limit": 1000}, headers={"If-Modified-Since": older})
    assert changed.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"since": "2026-12-31", "until": "2026-01-01"}, "until"),
        ({"since": "2026-05-05", "until": "2026-05-04T23:00:00+07:00"}, "until"),
        ({"since": "kemarin"}, "since"),
        ({"until": "2026-13-45"}, "until"),
        ({"since": "1900-01-01"}, "since"),
        ({"since": "2" * 5000}, "since"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "1000000"}, "limit"),
        ({"limit": "sepuluh"}, "limit"),
        ({"cursor": "abc"}, "cursor"),
        ({"cursor": "99999999999999999999.0"}, "cursor"),
        ({"tahun": "2026"}, "tahun"),
    ],
)
def test_bad_input_is_400_naming_the_field(
    client: Client, db: None, query: dict[str, str], field: str
) -> None:
    response = client.get(URL, query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]


def test_no_person_is_named(client: Client, orders: dict[str, Order], market: Market) -> None:
    """Identities and officials' names planted on everyone involved are absent."""
    vendor = market.batang_vendor
    planted = {
        "nik": "3325011205850003",
        "npwp": "0815230947120000",
        "nib": "9120301842751",
        "bank_account_number": "7130041829",
        "bank_account_holder": "HARTONO WIRYAWAN",
        "phone": "081327450011",
        "email": "hartono.wiryawan@contoh.invalid",
        "person_name": "Hartono Wiryawan",
        "street": "Jl. Sutan Syahrir Gg. Melati 17",
    }
    type(vendor).objects.filter(pk=vendor.pk).update(**planted)
    names = {"pp.batang": "Wulan Prameswari", "ppk.batang": "Gatot Subiyakto"}
    names |= {"bendahara.batang": "Endang Lestyorini", "admin.batang": "Sekar Palupi"}
    for username, full_name in names.items():
        first, last = full_name.split()
        User.objects.filter(username=username).update(first_name=first, last_name=last)
    text = streamed(client.get(URL, {"limit": 1000})).decode()
    looked_for = [*planted.values(), *names.values(), *names, "@test.blangkon.invalid"]
    looked_for += [value.split()[-1] for value in names.values()]
    assert [value for value in looked_for if value.lower() in text.lower()] == []
    assert "Tidak jadi" not in text  # a reason's free text
    assert "Barang tidak sesuai" not in text


def test_a_page_takes_the_same_few_queries_at_any_size(
    client: Client, orders: dict[str, Order]
) -> None:
    with CaptureQueriesContext(connection) as queries:
        package, _response = get_package(client, limit=1000)
    assert len(package["releases"]) > 60
    # One walk of the dates, then per chunk the orders and their lines.
    assert len(queries) <= 4, [q["sql"][:120] for q in queries.captured_queries]


def test_the_export_writes_one_valid_package(
    orders: dict[str, Order], tmp_path: Path, client: Client
) -> None:
    target = tmp_path / "ocds.json"
    stderr = io.StringIO()
    call_command("ocds_export", output=target, stderr=stderr)
    package = json.loads(target.read_text(encoding="utf-8"))
    assert package_problems(package) == []
    assert stderr.getvalue().startswith(f"{len(package['releases'])} releases")
    served, _response = get_package(client, limit=1000)
    assert sorted(r["id"] for r in package["releases"]) == sorted(
        r["id"] for r in served["releases"]
    )
    stdout = io.StringIO()
    day = local(orders["signed"].approved_at).date().isoformat()
    call_command("ocds_export", since=day, until=day, stdout=stdout, stderr=io.StringIO())
    windowed = json.loads(stdout.getvalue())
    assert package_problems(windowed) == []
    assert "since=" in windowed["uri"]
    # An empty window writes no file rather than a package the schema refuses.
    nothing = tmp_path / "none.json"
    stderr = io.StringIO()
    call_command(
        "ocds_export", output=nothing, since="2001-01-01", until="2001-01-31", stderr=stderr
    )
    assert not nothing.exists()
    assert stderr.getvalue().startswith("0 releases")


def test_the_export_refuses_a_bad_window(db: None) -> None:
    with pytest.raises(CommandError, match="--until"):
        call_command("ocds_export", since="2026-02-01", until="2026-01-01", stderr=io.StringIO())


def test_a_refusal_speaks_indonesian_by_default(client: Client, db: None) -> None:
    body = client.get(URL, {"limit": "5000"}).json()
    assert body["fields"]["limit"] == "Masukkan jumlah rilis dari 1 sampai 1000."


def test_the_openapi_document_declares_the_endpoint(client: Client, db: None) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["get"]
    assert "security" not in operation  # no token
    assert [p["name"] for p in operation["parameters"]] == ["since", "until", "limit", "cursor"]
    limit = operation["parameters"][2]["schema"]
    assert (limit["minimum"], limit["maximum"]) == (1, 1000)
    assert {"200", "304", "400"} <= set(operation["responses"])
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert "releases" in answer["required"]
