"""Changes to a live product wait for a curator: buyers never see a listing
that differs from what a curator approved."""

from itertools import product as pairs

import pytest
from django.utils import translation

from blangkon.audit.models import AuditEvent
from blangkon.catalog.changes import change_request_save
from blangkon.catalog.models import (
    PriceChange,
    Product,
    ProductChangeRequest,
    ProductChangeRequestStatusChange,
    ProductImage,
)
from blangkon.catalog.product_selectors import change_request_diff, live_products
from blangkon.catalog.services import (
    product_approve,
    product_change_reject,
    product_image_add,
    product_image_remove,
    product_take_down,
    product_upsert_by_sku,
    products_bulk_approve,
)
from blangkon.catalog.status import ChangeRequestStatus, ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product
from blangkon.catalog.tests.test_product_images import png, private_media  # noqa: F401
from blangkon.catalog.transitions import CHANGE_REQUEST_MACHINE, change_request_transition
from blangkon.core.errors import DomainError
from blangkon.lifecycles.testing import check_move

EDITED = {
    "name": "Ballpoint biru (isi 12)",
    "description": "Ballpoint tinta biru, 0,5 mm.",
    "specifications": {"warna": "biru"},
}


def edit(market: Market, **changes) -> Product:
    product, _created = product_upsert_by_sku(
        actor=market.batang_owner, vendor=market.batang_vendor, data=atk_input(**changes)
    )
    product.refresh_from_db()
    return product


def waiting(product: Product) -> ProductChangeRequest:
    return ProductChangeRequest.objects.get(product=product, status=ChangeRequestStatus.PENDING)


@pytest.mark.parametrize(
    ("source", "target"), list(pairs(ChangeRequestStatus.values, ChangeRequestStatus.values))
)
def test_every_pair_of_the_change_request_table(market: Market, source: str, target: str) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    edit(market, name="Nama baru")
    change = waiting(product)
    ProductChangeRequest.objects.filter(pk=change.pk).update(status=source)
    change.refresh_from_db()
    admin = market.world.user("admin.batang")
    fields = {"proposed": {"name": "Nama lain"}} if source == target else {}
    check_move(
        CHANGE_REQUEST_MACHINE,
        change,
        source=source,
        target=target,
        actor=admin,
        move=lambda: change_request_transition(
            change_request_id=change.pk, to=target, actor=admin, fields=fields
        ),
    )


def test_a_live_edit_waits_and_buyers_keep_the_approved_listing(market: Market, client) -> None:
    # Given a live product
    product = make_product(market, ProductStatus.TAYANG)
    # When its vendor changes the name, description and specifications, and the stock
    edited = edit(market, stock=7, **EDITED)
    # Then the curated fields wait; the stock applies at once
    assert (edited.name, edited.description, edited.specifications) == (
        "Ballpoint hitam (isi 12)",
        "Ballpoint tinta hitam.",
        {},
    )
    assert edited.stock == 7
    assert edited.status == ProductStatus.TAYANG
    change = waiting(product)
    assert change.proposed == EDITED
    assert change.requested_by == market.batang_owner
    # And buyers still see what the curator approved
    assert live_products().get(pk=product.pk).name == "Ballpoint hitam (isi 12)"
    page = client.get(f"/produk/{product.pk}/").content.decode()
    assert "Ballpoint hitam" in page
    assert "Ballpoint biru" not in page
    # And the history and the audit log say so
    start = ProductChangeRequestStatusChange.objects.get(change_request=change)
    assert (start.from_status, start.to_status) == ("", ChangeRequestStatus.PENDING)
    assert AuditEvent.objects.filter(action="product_change.pending").count() == 1
    update = AuditEvent.objects.filter(action="product.update").latest("id")
    assert update.details["waiting_for_review"] == ["description", "name", "specifications"]
    assert update.details["changed"] == ["stock"]


def test_the_curator_sees_a_diff_and_approval_puts_the_changes_live(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    paper = {"ukuran": "A4", "gramatur": "80 gsm"}
    changes = {**EDITED, "specifications": paper}
    edit(market, category_slug="kertas-bahan-cetak", unit_code="rim", price=26_000, **changes)
    with translation.override("en"):
        diff = change_request_diff(product=product)
    lines = {line.label: (line.live, line.proposed) for line in diff}
    assert lines["Name"] == ("Ballpoint hitam (isi 12)", "Ballpoint biru (isi 12)")
    assert lines["Specification: Gramatur"] == ("—", "80 gsm")
    assert lines["Unit"] == ("dos/box", "rim")
    assert "Price per unit incl. tax" not in lines  # +4 % applied at once
    assert Product.objects.get(pk=product.pk).price == 26_000

    approved = product_approve(actor=market.world.user("admin.batang"), product_id=product.pk)

    assert approved.name == "Ballpoint biru (isi 12)"
    assert approved.category.slug == "kertas-bahan-cetak"
    assert approved.unit_id == "rim"
    assert approved.specifications == paper
    assert live_products().get(pk=product.pk).name == "Ballpoint biru (isi 12)"
    change = ProductChangeRequest.objects.get(product=product)
    assert change.status == ChangeRequestStatus.APPROVED
    assert change.decided_at is not None
    assert AuditEvent.objects.filter(action="product_change.approved").count() == 1
    # Approving again changes nothing.
    assert product_approve(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert ProductChangeRequestStatusChange.objects.filter(change_request=change).count() == 2


def test_a_rejection_keeps_the_listing_and_tells_the_vendor_why(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    edit(market, price=90_000, **EDITED)
    rejected = product_change_reject(
        actor=market.world.user("admin.batang"), product_id=product.pk, reason="Merek berbeda."
    )
    assert (rejected.name, rejected.price) == ("Ballpoint hitam (isi 12)", 25_000)
    change = ProductChangeRequest.objects.get(product=product)
    assert (change.status, change.status_reason) == ("rejected", "Merek berbeda.")
    assert PriceChange.objects.filter(product=product).latest("id").status == "rejected"
    with pytest.raises(DomainError) as again:
        product_change_reject(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert again.value.code == "no_pending_change"


def test_another_edit_replaces_the_proposal_and_going_back_withdraws_it(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    edit(market, name="Nama pertama")
    edit(market, name="Nama kedua", price=60_000)
    change = waiting(product)
    assert change.proposed == {"name": "Nama kedua", "price": 60_000}
    moves = ProductChangeRequestStatusChange.objects.filter(change_request=change)
    assert [(m.from_status, m.to_status) for m in moves] == [
        ("", "pending"),
        ("pending", "pending"),
    ]
    # The same edit again writes nothing.
    edit(market, name="Nama kedua", price=60_000)
    assert moves.count() == 2
    # Going back to the live values withdraws the request.
    edit(market)
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.WITHDRAWN
    assert Product.objects.get(pk=product.pk).pending_price is None


def test_products_not_live_take_edits_at_once(market: Market) -> None:
    for status in (ProductStatus.DRAFT, ProductStatus.SUBMITTED, ProductStatus.TURUN_TAYANG):
        ProductChangeRequest.objects.all().delete()
        Product.objects.all().delete()
        make_product(market, status)
        assert edit(market, **EDITED).name == EDITED["name"]
        assert not ProductChangeRequest.objects.exists()


def test_taking_a_product_down_folds_its_waiting_changes_into_it(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    edit(market, price=40_000, **EDITED)
    product_take_down(actor=market.batang_owner, product_id=product.pk, reason="out_of_stock")
    product.refresh_from_db()
    assert (product.status, product.name, product.price) == ("turun_tayang", EDITED["name"], 40_000)
    assert ProductChangeRequest.objects.get(product=product).status == "withdrawn"
    assert product.pending_price is None


def test_a_photo_added_to_a_live_product_waits_and_stays_private(market: Market, client) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    photo = product_image_add(actor=market.batang_owner, product_id=product.pk, upload=png())
    assert photo.awaiting_review
    assert waiting(product).proposed == {"images": [photo.pk]}
    assert client.get(f"/berkas/{photo.thumbnail_id}/").status_code == 404
    assert (
        f"/berkas/{photo.thumbnail_id}/"
        not in client.get(f"/produk/{product.pk}/").content.decode()
    )
    # A text edit keeps the waiting photo in the proposal
    edit(market, name="Nama baru")
    assert waiting(product).proposed == {"name": "Nama baru", "images": [photo.pk]}

    products_bulk_approve(actor=market.world.user("admin.batang"), product_ids=[product.pk])

    assert not ProductImage.objects.get(pk=photo.pk).awaiting_review
    assert client.get(f"/berkas/{photo.thumbnail_id}/").status_code == 200
    assert f"/berkas/{photo.thumbnail_id}/" in client.get(f"/produk/{product.pk}/").content.decode()


def test_removing_the_only_waiting_photo_withdraws_the_request(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    photo = product_image_add(actor=market.batang_owner, product_id=product.pk, upload=png())
    product_image_remove(actor=market.batang_owner, product_id=product.pk, image_id=photo.pk)
    assert ProductChangeRequest.objects.get(product=product).status == "withdrawn"


def test_a_rejected_photo_is_removed(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    product_image_add(actor=market.batang_owner, product_id=product.pk, upload=png())
    product_change_reject(actor=market.world.user("admin.batang"), product_id=product.pk)
    assert not ProductImage.objects.exists()


def test_approving_needs_the_product_to_be_live(market: Market) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    change_request_save(
        actor=market.batang_owner, product=product, proposed={"name": "X"}, ip_address=None
    )
    Product.objects.filter(pk=product.pk).update(status=ProductStatus.TURUN_TAYANG)
    with pytest.raises(DomainError) as refused:
        change_request_transition(
            change_request_id=waiting(product).pk, to=ChangeRequestStatus.APPROVED, actor=None
        )
    assert refused.value.code == "not_live"


def test_the_queue_and_the_pages_show_the_waiting_changes(market: Market, client_for) -> None:
    product = make_product(market, ProductStatus.TAYANG)
    edit(market, **EDITED)
    # (client_for logs the one test client in as each persona in turn)
    owner = client_for(market.batang_owner)
    assert "Ballpoint biru (isi 12)" in owner.get(f"/produk/saya/{product.pk}/").content.decode()
    # The edit form starts from the waiting values, so saving it again keeps them.
    form = owner.get(f"/produk/saya/{product.pk}/ubah/").content.decode()
    assert 'value="Ballpoint biru (isi 12)"' in form
    curator = client_for(market.world.user("admin.batang"))
    queue = curator.get("/produk/kurasi/").content.decode()
    assert product.name in queue
    detail = curator.get(f"/produk/kurasi/{product.pk}/").content.decode()
    assert "Ballpoint biru (isi 12)" in detail
    assert "<del>Ballpoint hitam (isi 12)</del>" in detail
    response = curator.post(f"/produk/kurasi/{product.pk}/perubahan/tolak/", {"reason": "Tidak"})
    assert response.status_code == 302
    assert ProductChangeRequest.objects.get().status == "rejected"


def test_the_api_shows_and_rejects_waiting_changes(market: Market, client) -> None:
    from blangkon.accounts.services import api_token_issue

    product = make_product(market, ProductStatus.TAYANG)
    edit(market, **EDITED)
    vendor_token = api_token_issue(user=market.batang_owner)[1]
    body = client.get(
        f"/api/v1/vendor/products/{product.pk}", HTTP_AUTHORIZATION=f"Bearer {vendor_token}"
    ).json()
    assert body["pending_changes"] == EDITED
    assert body["name"] == "Ballpoint hitam (isi 12)"
    curator_token = api_token_issue(user=market.world.user("admin.batang"))[1]
    response = client.post(
        f"/api/v1/curation/products/{product.pk}/reject-changes",
        {"reason": "Tidak sesuai"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {curator_token}",
    )
    assert response.status_code == 200
    assert ProductChangeRequest.objects.get().status_reason == "Tidak sesuai"
