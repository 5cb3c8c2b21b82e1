"""The curator's page of one product: its photos, its price against similar
live products, three distinct decisions, and the next product of the queue."""

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from blangkon.catalog.models import Product, ProductStatusChange
from blangkon.catalog.services import product_image_add, product_submit, product_upsert_by_sku
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def submitted(market: Market, sku: str, *, name: str = "", price: int = 25_000, **kw) -> Product:
    data = atk_input(sku=sku, name=name or f"Map plastik {sku}", price=price)
    return make_product(market, ProductStatus.SUBMITTED, data=data, **kw)


def waiting_since(product: Product, days_ago: int) -> None:
    """Put the product at a known place in the queue (oldest first)."""
    at = timezone.now() - datetime.timedelta(days=days_ago)
    Product.objects.filter(pk=product.pk).update(submitted_at=at)


def test_the_page_shows_the_photos_large_and_the_price_against_similar_live_products(
    market: Market, client_for
) -> None:
    for i, price in enumerate([24_000, 25_000, 26_000, 27_000]):
        make_product(
            market,
            ProductStatus.TAYANG,
            data=atk_input(sku=f"LIVE-{i}", name=f"Ballpoint hitam isi {i}", price=price),
        )
    dear = make_product(
        market, data=atk_input(sku="DEAR", name="Ballpoint hitam isi premium", price=90_000)
    )
    product_image_add(actor=market.batang_owner, product_id=dear.pk, upload=png())
    product_submit(actor=market.batang_owner, product_id=dear.pk)
    client = client_for(market.world.user("admin.batang"))
    html = client.get(reverse("catalog:curation-detail", args=[dear.pk])).content.decode()
    # The same panel as the public product page, from the same selector.
    assert "price-position" in html
    assert 'data-badge="price-high"' in html
    assert "Rp24.000" in html
    assert "Rp27.000" in html
    gallery = html.split('class="gallery"', 1)[1].split("</ul>", 1)[0]
    image = dear.images.get()
    assert reverse("documents:file", kwargs={"file_id": image.file_id}) in gallery
    assert "Ballpoint hitam isi premium" in gallery  # the alt text names the product


def test_without_similar_products_the_page_says_so(market: Market, client_for) -> None:
    product = submitted(market, "ALONE", name="Stempel kayu ukir")
    client = client_for(market.world.user("admin.batang"))
    html = client.get(reverse("catalog:curation-detail", args=[product.pk])).content.decode()
    assert 'data-panel="price-position-none"' in html


def test_the_three_decisions_are_separate_forms_styled_by_weight(
    market: Market, client_for
) -> None:
    product = submitted(market, "A")
    client = client_for(market.world.user("admin.batang"))
    html = client.get(reverse("catalog:curation-detail", args=[product.pk])).content.decode()

    def form_of(decision: str) -> str:
        return html.split(f'data-decision="{decision}"', 1)[1].split("</form>", 1)[0]

    assert 'class="button"' in form_of("approve")
    assert "button-secondary" in form_of("revise")
    assert 'name="revision_reason"' in form_of("revise")
    reject = form_of("reject")
    assert "button-danger" in reject
    assert 'name="rejection_reason"' in reject
    assert 'name="confirm"' in reject


def test_revise_and_reject_need_their_own_reasons_and_record_them_distinctly(
    market: Market, client_for
) -> None:
    revised, rejected = submitted(market, "R1"), submitted(market, "R2")
    client = client_for(market.world.user("admin.batang"))
    revise_url = reverse("catalog:curation-request-revision", args=[revised.pk])
    reject_url = reverse("catalog:curation-reject", args=[rejected.pk])

    # The other decision's reason does not count: each form has its own.
    response = client.post(revise_url, {"rejection_reason": "Bukan ATK", "confirm": "on"})
    assert response.status_code == 400
    assert 'id="id_revision_reason_error"' in response.content.decode()
    response = client.post(reject_url, {"revision_reason": "Foto buram"})
    assert response.status_code == 400
    assert 'id="id_rejection_reason_error"' in response.content.decode()
    # A rejection is final: it must be confirmed.
    response = client.post(reject_url, {"rejection_reason": "Bukan ATK"})
    assert response.status_code == 400
    assert 'id="id_confirm_error"' in response.content.decode()
    assert set(Product.objects.values_list("status", flat=True)) == {ProductStatus.SUBMITTED}

    assert client.post(revise_url, {"revision_reason": "Foto buram"}).status_code == 302
    response = client.post(reject_url, {"rejection_reason": "Bukan ATK", "confirm": "on"})
    assert response.status_code == 302
    revised.refresh_from_db()
    rejected.refresh_from_db()
    assert (revised.status, revised.status_reason) == ("revision_requested", "Foto buram")
    assert (rejected.status, rejected.status_reason) == ("rejected", "Bukan ATK")
    decisions = {
        (change.product_id, change.to_status, change.reason)
        for change in ProductStatusChange.objects.filter(actor__username="admin.batang")
    }
    assert (revised.pk, "revision_requested", "Foto buram") in decisions
    assert (rejected.pk, "rejected", "Bukan ATK") in decisions


def test_after_approving_the_curator_lands_on_the_next_product_of_the_queue(
    market: Market, client_for
) -> None:
    first, second, third = submitted(market, "Q1"), submitted(market, "Q2"), submitted(market, "Q3")
    waiting_since(first, 9)
    waiting_since(second, 5)
    waiting_since(third, 1)
    # Kendal's product is older than all, but outside Batang's scope.
    kendal = submitted(market, "K1", vendor=market.kendal_vendor)
    waiting_since(kendal, 20)
    client = client_for(market.world.user("admin.batang"))

    # Opening the second: after the decision comes the third (the queue's order).
    response = client.post(reverse("catalog:curation-approve", args=[second.pk]))
    assert response["Location"] == reverse("catalog:curation-detail", args=[third.pk])
    # The last one wraps to the one still waiting at the top.
    response = client.post(reverse("catalog:curation-approve", args=[third.pk]))
    assert response["Location"] == reverse("catalog:curation-detail", args=[first.pk])
    # Nothing else waits in Batang: back to the (empty) queue, with a message.
    response = client.post(
        reverse("catalog:curation-request-revision", args=[first.pk]),
        {"revision_reason": "Lengkapi spesifikasi"},
    )
    assert response["Location"] == reverse("catalog:curation-queue")
    page = client.get(response["Location"]).content.decode()
    assert "Tidak ada produk lain yang menunggu kurasi." in page
    assert Product.objects.get(pk=kendal.pk).status == ProductStatus.SUBMITTED


def test_the_queue_filters_new_products_and_changes(market: Market, client_for) -> None:
    new = submitted(market, "NEW")
    live = make_product(market, ProductStatus.TAYANG, data=atk_input(sku="LIVE"))
    product_upsert_by_sku(
        actor=market.batang_owner,
        vendor=market.batang_vendor,
        data=atk_input(sku="LIVE", price=60_000),
    )
    client = client_for(market.world.user("admin.batang"))
    only_new = client.get(reverse("catalog:curation-queue"), {"jenis": "baru"}).content.decode()
    only_changes = client.get(
        reverse("catalog:curation-queue"), {"jenis": "perubahan"}
    ).content.decode()
    new_url = reverse("catalog:curation-detail", args=[new.pk])
    live_url = reverse("catalog:curation-detail", args=[live.pk])
    assert new_url in only_new
    assert live_url not in only_new
    assert live_url in only_changes
    assert new_url not in only_changes


def test_approving_from_the_queue_list_stays_on_the_list(market: Market, client_for) -> None:
    first, second = submitted(market, "L1"), submitted(market, "L2")
    client = client_for(market.world.user("admin.batang"))
    queue = client.get(reverse("catalog:curation-queue")).content.decode()
    assert 'name="return_to" value="queue"' in queue
    response = client.post(
        reverse("catalog:curation-approve", args=[first.pk]), {"return_to": "queue"}
    )
    assert response["Location"] == reverse("catalog:curation-queue")
    assert Product.objects.get(pk=first.pk).status == ProductStatus.TAYANG
    assert Product.objects.get(pk=second.pk).status == ProductStatus.SUBMITTED
