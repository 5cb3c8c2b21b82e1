import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from blangkon.accounts import services
from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.audit.acted_as import acted_as
from blangkon.audit.models import AuditEvent
from blangkon.catalog.services import product_approve
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product
from conftest import World

pytestmark = pytest.mark.django_db


def make_events(world: World) -> None:
    services.opd_create(actor=world.user("admin.batang"), pemda_id=world.batang.pk, name="Dinas A")
    services.opd_create(actor=world.user("admin.kendal"), pemda_id=world.kendal.pk, name="Dinas B")


def rows_of(response) -> str:
    """The rows part of the audit page (the filter's suggestions left out)."""
    return response.content.decode().split('id="audit-rows"')[1]


def approved_paper(market: Market) -> int:
    """A product of CV Sumber Rejeki approved by the province admin, Budi Santoso."""
    admin = market.world.user("admin.provinsi")
    admin.first_name, admin.last_name = "Budi", "Santoso"
    admin.save(update_fields=["first_name", "last_name"])
    product = make_product(
        market, ProductStatus.SUBMITTED, data=atk_input(name="Kertas HVS A4 70 gsm")
    )
    product_approve(actor=admin, product_id=product.pk)
    return product.pk


def test_a_curation_approval_reads_as_an_indonesian_sentence_with_a_link(
    client_for, market: Market
) -> None:
    product_id = approved_paper(market)
    page = client_for(market.world.user("auditor.provinsi")).get(
        reverse("audit:list"), {"kind": "curation"}
    )
    expected = (
        '<span class="audit-sentence">Admin provinsi (Budi Santoso) menyetujui produk '
        f'<a href="{reverse("catalog:product-detail", args=[product_id])}">'
        "Kertas HVS A4 70 gsm</a> milik CV Sumber Rejeki.</span>"
    )
    assert expected in page.content.decode()


def test_a_row_names_the_actor_in_the_role_they_had_then(client_for, market: Market) -> None:
    approved_paper(market)
    # The province admin later became an auditor: the approval was still an admin's.
    admin = market.world.user("admin.provinsi")
    User.objects.filter(pk=admin.pk).update(role=Role.AUDITOR)
    client = client_for(market.world.user("auditor.provinsi"))
    page = client.get(reverse("audit:list"), {"kind": "curation"}).content.decode()
    assert "Admin provinsi (Budi Santoso) menyetujui produk" in page
    assert "Auditor (Budi Santoso)" not in page
    assert "acted_as" not in page  # no raw details
    assert "province_admin" not in page
    rows = list(
        load_workbook(
            io.BytesIO(client.get(reverse("audit:export-xlsx"), {"kind": "curation"}).content)
        )
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert rows[1][2:4] == ("Admin provinsi", "Budi Santoso")


def test_a_curator_is_linked_to_the_curation_page(client_for, market: Market) -> None:
    product_id = approved_paper(market)
    page = client_for(market.world.user("admin.batang")).get(reverse("audit:list"))
    assert reverse("catalog:curation-detail", args=[product_id]) in page.content.decode()


def test_the_details_are_labelled_and_translated(client_for, market: Market) -> None:
    approved_paper(market)
    page = client_for(market.world.user("auditor.provinsi")).get(reverse("audit:list"))
    html = page.content.decode()
    assert "<dt>Status</dt><dd>Menunggu kurasi → Tayang</dd>" in html
    assert "Rp25.000" in html
    assert "{&#x27;" not in html  # no raw dictionary


def test_an_english_reader_reads_english_sentences(client_for, market: Market) -> None:
    approved_paper(market)
    client = client_for(market.world.user("auditor.provinsi"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("audit:list"), {"kind": "curation"}).content.decode()
    assert "Provincial administrator (Budi Santoso) approved the product" in html
    assert "Kertas HVS A4 70 gsm</a> of CV Sumber Rejeki." in html
    assert "<dt>Status</dt><dd>Waiting for curation → Live (tayang)</dd>" in html


def test_an_unknown_code_in_an_old_row_reads_as_a_generic_sentence(
    client_for, world: World
) -> None:
    from django.db import transaction

    from blangkon.audit.services import audit_record

    with transaction.atomic():
        audit_record(
            actor=world.user("admin.batang"),
            action="legacy.thing_done",
            object_type="legacy.widget",
            object_id="7",
            organisation=world.batang,
            details={"colour": "merah", "weird": {"nested": [1, 2]}},
        )
    response = client_for(world.user("admin.batang")).get(reverse("audit:list"))
    assert response.status_code == 200
    assert "Admin kab/kota (Admin Uji) melakukan “legacy.thing_done” pada #7." in (
        response.content.decode()
    )


def test_personal_numbers_never_show(client_for, world: World) -> None:
    from django.db import transaction

    from blangkon.audit.services import audit_record

    with transaction.atomic():
        audit_record(
            actor=world.user("admin.batang"),
            action="vendor.update_draft",
            object_type="vendors.vendor",
            object_id="999999",
            organisation=world.vendor,
            details={"nik": "3325012345678901", "note": "rekening 1234567890123"},
        )
    html = client_for(world.user("admin.batang")).get(reverse("audit:list")).content.decode()
    assert "3325012345678901" not in html
    assert "1234567890123" not in html


def test_the_auditor_sees_every_kab_kota(client_for, world: World) -> None:
    make_events(world)
    page = rows_of(client_for(world.user("auditor.provinsi")).get(reverse("audit:list")))
    assert "Dinas A" in page
    assert "Dinas B" in page


def test_filters_by_person_organisation_kind_and_date_narrow_the_rows(
    client_for, world: World
) -> None:
    make_events(world)
    kendal_admin = world.user("admin.kendal")
    kendal_admin.first_name, kendal_admin.last_name = "Siti", "Rahayu"
    kendal_admin.save(update_fields=["first_name", "last_name"])
    client = client_for(world.user("auditor.provinsi"))

    def shown(**query: str) -> str:
        return rows_of(client.get(reverse("audit:list"), query))

    by_person = shown(person="siti rahayu")
    assert "Dinas B" in by_person
    assert "Dinas A" not in by_person
    by_organisation = shown(organisation="dinas a")
    assert "Dinas A" in by_organisation
    assert "Dinas B" not in by_organisation
    assert "2 peristiwa" in shown(kind="organisations")
    assert "Dinas A" not in shown(kind="api_tokens")
    today = timezone.localdate()
    assert "Dinas A" in shown(date_from=today.isoformat(), date_to=today.isoformat())
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert "Dinas A" not in shown(date_from=tomorrow)


def test_the_kind_filter_is_a_grouped_select_of_human_names(client_for, world: World) -> None:
    html = client_for(world.user("auditor.provinsi")).get(reverse("audit:list")).content.decode()
    assert '<optgroup label="Penyedia">' in html
    assert ">Verifikasi penyedia</option>" in html
    assert ">Kurasi produk</option>" in html
    assert ">Masuk/keluar</option>" in html
    assert ">Token API</option>" in html


def test_a_kab_kota_admin_sees_only_their_own_kab_kota(client_for, world: World) -> None:
    make_events(world)
    page = client_for(world.user("admin.batang")).get(reverse("audit:list")).content.decode()
    assert "Dinas A" in page
    assert "Dinas B" not in page  # neither in the rows nor among the suggested names
    # A filter naming the other kab/kota's organisation finds nothing.
    other = client_for(world.user("admin.batang")).get(
        reverse("audit:list"), {"organisation": "Dinas B"}
    )
    assert "0 peristiwa" in rows_of(other)


def test_officials_and_vendors_cannot_open_the_audit_log_or_export_it(
    client_for, world: World
) -> None:
    for name in ("pp.batang", "pemilik.vendor", "admin.opd.batang"):
        client = client_for(world.user(name))
        for route in ("audit:list", "audit:export-csv", "audit:export-xlsx"):
            assert client.get(reverse(route)).status_code == 404
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_htmx_filtering_returns_only_the_rows(client_for, world: World) -> None:
    make_events(world)
    client = client_for(world.user("auditor.provinsi"))
    response = client.get(
        reverse("audit:list"), {"person": "admin.batang"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.content.decode()
    assert "Dinas A" in response.content.decode()


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_kab_kota_admins_export_holds_no_other_region(client_for, world: World) -> None:
    make_events(world)
    client = client_for(world.user("admin.batang"))
    text = _csv(client.get(reverse("audit:export-csv")))
    assert "Dinas A" in text
    assert "Dinas B" not in text
    workbook = load_workbook(io.BytesIO(client.get(reverse("audit:export-xlsx")).content))
    cells = [
        str(cell) for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row
    ]
    assert any("Dinas A" in cell for cell in cells)
    assert not any("Dinas B" in cell for cell in cells)


def test_csv_and_xlsx_hold_the_sentence_and_the_filtered_rows(client_for, market: Market) -> None:
    approved_paper(market)
    make_events(market.world)
    client = client_for(market.world.user("auditor.provinsi"))
    sentence = (
        "Admin provinsi (Budi Santoso) menyetujui produk Kertas HVS A4 70 gsm "
        "milik CV Sumber Rejeki."
    )
    text = _csv(client.get(reverse("audit:export-csv"), {"kind": "curation"}))
    assert sentence in text
    assert "Dinas A" not in text  # the filter holds
    response = client.get(reverse("audit:export-xlsx"), {"kind": "curation"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("Waktu", "Yang terjadi", "Peran")
    assert [row[1] for row in rows[1:]] == [sentence]
    assert "Status: Menunggu kurasi → Tayang" in rows[1][7]


def test_an_export_writes_an_audit_row_naming_the_filter(client_for, world: World) -> None:
    make_events(world)
    auditor = world.user("auditor.provinsi")
    _csv(client_for(auditor).get(reverse("audit:export-csv"), {"organisation": "Dinas"}))
    row = AuditEvent.objects.get(action="audit.export")
    assert row.actor == auditor
    assert row.details == {
        "acted_as": acted_as(row.actor),
        "format": "csv",
        "filters": {"organisation": "Dinas"},
        "rows": 2,
    }
    html = client_for(auditor).get(reverse("audit:list"), {"kind": "audit"}).content.decode()
    assert "Auditor (hanya baca) (Auditor Uji) mengekspor log audit." in html
    assert "<dt>Organisasi</dt><dd>Dinas</dd>" in html


def test_an_export_above_the_cap_is_refused_with_a_message(
    client_for, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blangkon.audit.views import export

    make_events(world)
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 1)
    monkeypatch.setattr(export, "CSV_MAX_ROWS", 1)
    client = client_for(world.user("auditor.provinsi"))
    for route in ("audit:export-xlsx", "audit:export-csv"):
        response = client.get(reverse(route), {"kind": "organisations"})
        assert response.status_code == 400
        assert "Filter ini memuat 2 peristiwa; satu ekspor memuat paling banyak 1." in (
            response.content.decode()
        )
    assert not AuditEvent.objects.filter(action="audit.export").exists()
    # Narrowed below the cap, the export goes through.
    narrowed = client.get(reverse("audit:export-xlsx"), {"organisation": "Dinas A"})
    assert narrowed.status_code == 200


def test_a_price_change_reads_as_before_and_after(client_for, market: Market) -> None:
    from blangkon.catalog.services import product_update

    product = make_product(market)
    product_update(actor=market.batang_owner, product_id=product.pk, data=atk_input(price=27_500))
    html = rows_of(client_for(market.world.user("admin.batang")).get(reverse("audit:list")))
    assert "<dt>Harga</dt><dd>Rp25.000 → Rp27.500 (langsung berlaku)</dd>" in html


def test_a_page_costs_the_same_queries_for_few_rows_or_many(client_for, world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.user("auditor.provinsi"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("audit:list")).status_code == 200
        return len(captured)

    make_events(world)
    few = queries()
    for number in range(20):
        services.opd_create(
            actor=world.user("admin.batang"), pemda_id=world.batang.pk, name=f"Dinas {number}"
        )
    assert queries() == few


@pytest.mark.parametrize("reader", ["auditor.provinsi", "admin.provinsi", "admin.batang"])
def test_every_link_in_a_sentence_opens_for_its_reader(
    client_for, market: Market, reader: str
) -> None:
    import re

    approved_paper(market)
    make_product(market, ProductStatus.SUBMITTED, data=atk_input(sku="ATK-2", name="Map"))
    make_events(market.world)
    client = client_for(market.world.user(reader))
    html = rows_of(client.get(reverse("audit:list")))
    links = set(re.findall(r'<span class="audit-sentence">[^\n]*?<a href="([^"]+)"', html))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_names_typed_by_users_are_escaped(client_for, market: Market) -> None:
    make_product(market, data=atk_input(name='<img src=x onerror="alert(1)"> Map'))
    html = rows_of(client_for(market.world.user("admin.batang")).get(reverse("audit:list")))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Map" in html


def test_changed_field_names_show_but_their_values_do_not(client_for, world: World) -> None:
    from django.db import transaction

    from blangkon.audit.services import audit_record

    with transaction.atomic():
        audit_record(
            actor=world.user("pemilik.vendor"),
            action="vendor.update_draft",
            object_type="vendors.vendor",
            object_id="999999",
            organisation=world.vendor,
            details={"fields": ["bank_account_number", "nik"]},
        )
    html = rows_of(client_for(world.user("admin.batang")).get(reverse("audit:list")))
    assert "<dt>Isian yang diubah</dt><dd>Nomor rekening, NIK</dd>" in html
