"""The cart's services and selector, on a real PostgreSQL."""

from decimal import Decimal

import pytest
from django.utils import translation

from blangkon.accounts.roles import Role
from blangkon.catalog.models import Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product, market
from blangkon.catalog.transitions import product_transition
from blangkon.core.errors import DomainError, NotFound
from blangkon.orders.access import can_buy
from blangkon.orders.models import CartLine
from blangkon.orders.selectors import cart_for
from blangkon.orders.services import cart_add, cart_clear_vendor, cart_remove, cart_update
from blangkon.vendors.models import Vendor
from blangkon.vendors.status import VendorStatus
from conftest import make_user

__all__ = ["market"]


@pytest.fixture
def pp(market: Market):
    return market.world.user("pp.batang")


@pytest.fixture
def pens(market: Market) -> Product:
    """Live, Batang's vendor, Rp25.000 a box, stock 100, minimum 1."""
    return make_product(market, ProductStatus.TAYANG)


def refusal(call, **kwargs) -> DomainError:
    with translation.override("id"), pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


# --- who buys ---


def test_pp_buys_and_ppk_buys_only_where_the_opd_has_no_pp(market: Market) -> None:
    world = market.world
    assert can_buy(world.user("pp.batang"))
    assert not can_buy(world.user("ppk.batang"))  # Batang's OPD has a PP
    ppk_kendal = make_user("ppk.kendal", Role.PPK, world.opd_kendal)
    assert not can_buy(ppk_kendal)
    world.user("pp.kendal").is_active = False
    world.user("pp.kendal").save(update_fields=["is_active"])
    assert can_buy(ppk_kendal)


@pytest.mark.parametrize(
    "username",
    [
        "ppk.batang",
        "bendahara.batang",
        "admin.opd.batang",
        "admin.batang",
        "admin.provinsi",
        "auditor.provinsi",
        "pemilik.vendor",
        "staf.vendor",
        "pendamping.batang",
    ],
)
def test_other_roles_have_no_cart(market: Market, pens: Product, username: str) -> None:
    user = market.world.user(username)
    with pytest.raises(NotFound):
        cart_add(user=user, product_id=pens.pk, quantity=1)
    with pytest.raises(NotFound):
        cart_for(user)
    assert not CartLine.objects.exists()


# --- adding and the rules on quantities ---


def test_adding_an_existing_product_adds_to_its_quantity(pp, pens: Product) -> None:
    first = cart_add(user=pp, product_id=pens.pk, quantity=2)
    second = cart_add(user=pp, product_id=pens.pk, quantity="3")
    assert second.pk == first.pk
    line = CartLine.objects.get()
    assert (line.quantity, line.unit_price_seen) == (5, 25_000)


@pytest.mark.parametrize(
    ("quantity", "code", "message"),
    [
        (0, "invalid_quantity", "Masukkan jumlah lebih dari nol."),
        (-3, "invalid_quantity", "Masukkan jumlah lebih dari nol."),
        ("dua", "invalid_quantity", "Masukkan jumlah berupa angka."),
        (
            Decimal("1.5"),
            "fractional_quantity",
            "Produk ini dijual per satuan utuh: masukkan bilangan bulat.",
        ),
        (10_000_000, "invalid_quantity", "Masukkan jumlah paling banyak 1.000.000."),
    ],
)
def test_quantities_that_are_refused(pp, pens: Product, quantity, code: str, message: str) -> None:
    error = refusal(cart_add, user=pp, product_id=pens.pk, quantity=quantity)
    assert (error.code, str(error.message)) == (code, message)
    assert str(error.fields["quantity"]) == message
    assert not CartLine.objects.exists()


def test_a_quantity_below_the_minimum_order_is_refused(market: Market, pp) -> None:
    product = make_product(market, ProductStatus.TAYANG, data=atk_input(min_order_quantity=10))
    error = refusal(cart_add, user=pp, product_id=product.pk, quantity=9)
    assert error.code == "below_minimum_order"
    assert str(error.message) == "Pemesanan minimum produk ini 10 dos/box."
    assert cart_add(user=pp, product_id=product.pk, quantity=10).quantity == 10


def test_more_than_the_stock_is_refused_unless_made_to_order(market: Market, pp) -> None:
    product = make_product(market, ProductStatus.TAYANG, data=atk_input(stock=5))
    cart_add(user=pp, product_id=product.pk, quantity=4)
    error = refusal(cart_add, user=pp, product_id=product.pk, quantity=2)  # 6 in all
    assert error.code == "insufficient_stock"
    assert str(error.message) == "Stok hanya 5 dos/box."
    assert CartLine.objects.get().quantity == 4
    made = make_product(
        market,
        ProductStatus.TAYANG,
        data=atk_input(sku="ATK-2", stock=None, made_to_order=True, lead_time_days=3),
    )
    assert cart_add(user=pp, product_id=made.pk, quantity=500).quantity == 500


@pytest.mark.parametrize(
    "status", [ProductStatus.DRAFT, ProductStatus.SUBMITTED, ProductStatus.TURUN_TAYANG]
)
def test_a_product_that_is_not_live_is_unavailable(market: Market, pp, status: str) -> None:
    product = make_product(market, status)
    error = refusal(cart_add, user=pp, product_id=product.pk, quantity=1)
    assert error.code == "product_unavailable"
    assert str(error.message) == (
        "Produk ini tidak dapat dibeli saat ini: produk tidak tayang atau penyedianya tidak aktif."
    )


def test_a_product_of_a_suspended_vendor_or_no_product_is_unavailable(
    market: Market, pp, pens: Product
) -> None:
    Vendor.objects.filter(pk=market.batang_vendor.pk).update(status=VendorStatus.SUSPENDED)
    assert refusal(cart_add, user=pp, product_id=pens.pk, quantity=1).code == "product_unavailable"
    assert refusal(cart_add, user=pp, product_id=0, quantity=1).code == "product_unavailable"


# --- changing and removing lines ---


def test_update_sets_the_quantity_under_the_same_rules(pp, pens: Product) -> None:
    line = cart_add(user=pp, product_id=pens.pk, quantity=2)
    assert cart_update(user=pp, line_id=line.pk, quantity=7).quantity == 7
    assert refusal(cart_update, user=pp, line_id=line.pk, quantity=101).code == "insufficient_stock"
    assert refusal(cart_update, user=pp, line_id=line.pk, quantity=0).code == "invalid_quantity"
    assert CartLine.objects.get().quantity == 7


def test_another_buyers_line_is_not_found(market: Market, pens: Product) -> None:
    line = cart_add(user=market.world.user("pp.batang"), product_id=pens.pk, quantity=2)
    other = market.world.user("pp.kendal")
    with pytest.raises(NotFound):
        cart_update(user=other, line_id=line.pk, quantity=1)
    with pytest.raises(NotFound):
        cart_remove(user=other, line_id=line.pk)
    assert cart_clear_vendor(user=other, vendor_id=market.batang_vendor.pk) == 0
    assert cart_for(other).groups == []
    assert CartLine.objects.get().quantity == 2


def test_remove_and_clear_a_vendor(market: Market, pp, pens: Product) -> None:
    kendal = make_product(market, ProductStatus.TAYANG, vendor=market.kendal_vendor)
    other = make_product(market, ProductStatus.TAYANG, data=atk_input(sku="ATK-2", name="Map"))
    first = cart_add(user=pp, product_id=pens.pk, quantity=1)
    cart_add(user=pp, product_id=other.pk, quantity=1)
    cart_add(user=pp, product_id=kendal.pk, quantity=1)
    cart_remove(user=pp, line_id=first.pk)
    assert cart_clear_vendor(user=pp, vendor_id=market.batang_vendor.pk) == 1
    assert list(CartLine.objects.values_list("product_id", flat=True)) == [kendal.pk]


# --- the cart as the buyer reads it ---


def test_lines_are_grouped_by_vendor_with_subtotals(
    market: Market, pp, pens: Product, django_assert_max_num_queries
) -> None:
    kendal = make_product(
        market, ProductStatus.TAYANG, vendor=market.kendal_vendor, data=atk_input(price=12_500)
    )
    paper = make_product(
        market, ProductStatus.TAYANG, data=atk_input(sku="ATK-2", name="Kertas", price=47_500)
    )
    cart_add(user=pp, product_id=pens.pk, quantity=2)
    cart_add(user=pp, product_id=kendal.pk, quantity=4)
    cart_add(user=pp, product_id=paper.pk, quantity=3)
    with django_assert_max_num_queries(2):
        cart = cart_for(pp)
        summary = [
            (g.name, g.kab_kota, [line.product.name for line in g.lines], g.subtotal)
            for g in cart.groups
        ]
    assert summary == [
        ("CV Sumber Rejeki", "Kabupaten Batang", ["Ballpoint hitam (isi 12)", "Kertas"], 192_500),
        ("UD Kendal Makmur", "Kabupaten Kendal", ["Ballpoint hitam (isi 12)"], 50_000),
    ]
    assert (cart.total, cart.line_count) == (242_500, 3)


def test_a_price_change_shows_both_prices(market: Market, pp, pens: Product) -> None:
    cart_add(user=pp, product_id=pens.pk, quantity=2)
    Product.objects.filter(pk=pens.pk).update(price=27_000)
    line = cart_for(pp).groups[0].lines[0]
    assert (line.price_changed, line.price_seen, line.price, line.total) == (
        True,
        25_000,
        27_000,
        54_000,
    )
    cart_add(user=pp, product_id=pens.pk, quantity=1)  # adding again takes today's price
    assert not cart_for(pp).groups[0].lines[0].price_changed


def test_a_product_taken_down_shows_as_unavailable(market: Market, pp, pens: Product) -> None:
    line = cart_add(user=pp, product_id=pens.pk, quantity=2)
    product_transition(
        product_id=pens.pk,
        to=ProductStatus.TURUN_TAYANG,
        actor=market.world.user("admin.provinsi"),
        takedown_reason="admin",
    )
    group = cart_for(pp).groups[0]
    assert (group.lines[0].available, group.lines[0].total, group.subtotal) == (False, 0, 0)
    assert refusal(cart_update, user=pp, line_id=line.pk, quantity=3).code == "product_unavailable"
    cart_remove(user=pp, line_id=line.pk)
    assert cart_for(pp).groups == []
