"""The matrix's check for personal data and unpublished listings can fail: the
values it looks for are on the pages that may show them, so their absence
elsewhere means something."""

from django.urls import reverse

from blangkon.orders.status import OrderStatus as S
from tests.security.estate import ADDRESSES, PEOPLE, VENDOR_IDENTITY, Estate
from tests.security.order_states import documents_issued, issued_code
from tests.security.probe import Keys, page_client, response_text


def actor(estate: Estate, name: str):
    return next(a for a in estate.actors if a.name == name)


def test_the_verifier_sees_the_vendor_identity_the_matrix_hides_from_others(
    estate: Estate, keys: Keys
) -> None:
    vendor = estate.sides["batang"].vendor
    page = page_client(keys, actor(estate, "admin.batang")).get(
        reverse("vendors:verification-detail", args=[vendor.pk])
    )
    assert page.status_code == 200
    for key, value in VENDOR_IDENTITY["batang"].items():
        assert value in page.content.decode(), key


def test_the_opd_page_shows_its_members_names_to_its_admin(estate: Estate, keys: Keys) -> None:
    opd = estate.sides["kendal"].opd
    page = page_client(keys, actor(estate, "admin.opd.kendal")).get(
        reverse("accounts:opd-detail", args=[opd.pk])
    )
    assert page.status_code == 200
    for username in ("pp.kendal", "ppk.kendal", "bendahara.kendal", "admin.opd.kendal"):
        assert PEOPLE[username][0] in page.content.decode(), username


def test_unpublished_listings_are_on_the_vendors_and_curators_pages(
    estate: Estate, keys: Keys
) -> None:
    own = page_client(keys, actor(estate, "staf.vendor")).get(reverse("catalog:my-products"))
    assert "Ballpoint A DRAFT" in own.content.decode()
    assert "Ballpoint A SUBMITTED" in own.content.decode()
    changed = estate.sides["batang"].products["changed"]
    curation = page_client(keys, actor(estate, "admin.batang")).get(
        reverse("catalog:curation-detail", args=[changed.pk])
    )
    assert "Ballpoint A WAITING" in curation.content.decode()


def test_the_search_the_matrix_runs_finds_the_live_listings(estate: Estate, keys: Keys) -> None:
    found = page_client(keys, actor(estate, "anonymous")).get(
        reverse("search:catalog"), {"q": "ballpoint"}
    )
    assert "Ballpoint A LIVE" in found.content.decode()
    assert "Ballpoint B LIVE" in found.content.decode()


def test_the_audit_log_and_the_opd_page_show_an_opd_address(estate: Estate, keys: Keys) -> None:
    label, street = ADDRESSES["kendal"]
    audit = page_client(keys, actor(estate, "admin.kendal")).get(reverse("audit:list"))
    assert label in audit.content.decode()
    opd = page_client(keys, actor(estate, "pp.kendal")).get(
        reverse("accounts:opd-detail", args=[estate.sides["kendal"].opd.pk])
    )
    assert street in opd.content.decode()


def test_the_surat_pesanan_pdf_names_its_ppk_to_the_orders_readers(
    estate: Estate, keys: Keys
) -> None:
    """The PDFs are written uncompressed so the matrix's text search reads
    them: the signing PPK's name is in the reader's copy, and the matrix
    checks it is on no public page."""
    documents_issued(estate)
    order = estate.sides["batang"].orders_in[S.MENUNGGU_KONFIRMASI]
    pdf = page_client(keys, actor(estate, "ppk.batang")).get(
        reverse("paperwork:document", kwargs={"order_id": order.pk, "kind": "surat-pesanan"})
    )
    assert pdf.status_code == 200
    assert PEOPLE["ppk.batang"][0] in response_text(pdf)
    code = issued_code(estate.sides["batang"], None)
    public = page_client(keys, actor(estate, "anonymous")).get(
        reverse("paperwork:verify", args=[code])
    )
    assert public.status_code == 200
    assert order.number in public.content.decode()
    assert PEOPLE["ppk.batang"][0] not in public.content.decode()
