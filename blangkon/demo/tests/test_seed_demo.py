import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.utils import timezone

from blangkon.accounts.models import DeliveryAddress, Organisation, User
from blangkon.accounts.roles import OPD_ROLES, Role
from blangkon.catalog.models import PriceChange, Product
from blangkon.catalog.status import ProductStatus
from blangkon.catalog.transitions import PRODUCT_MACHINE
from blangkon.demo.models import DemoSeed
from blangkon.demo.product_names import ITEMS
from blangkon.demo.scales import SCALES
from blangkon.demo.seeders.context import DEMO_PASSWORD
from blangkon.demo.seeders.inaproc import UNMAPPED_SATKER
from blangkon.demo.seeders.products import PATHS as PRODUCT_PATHS
from blangkon.demo.seeders.products import REFERENCE_DAY
from blangkon.demo.seeders.vendors import PATHS as VENDOR_PATHS
from blangkon.demo.tests.order_invariants import assert_order_history, joined_regions
from blangkon.inaproc.models import Package, Satker
from blangkon.orders.models import Order
from blangkon.red_flags.models import FlagChannel, FlagKind, RedFlag
from blangkon.regions.models import Region
from blangkon.transparency.models import PublishedFile
from blangkon.vendors.models import Vendor
from blangkon.vendors.transitions import VENDOR_MACHINE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The seeded products' pictures go to an empty folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, DeliveryAddress, User, DemoSeed)
    }


def snapshot() -> list[tuple[str, ...]]:
    """Everything seeded, without database ids or auto timestamps."""
    organisations: list[tuple[str, ...]] = [
        (o.kind, o.name, o.region_id, str(o.parent or ""), str(o.joined_on))
        for o in Organisation.objects.select_related("parent")
    ]
    addresses = [
        (a.opd.name, a.label, a.street, a.kab_kota_id, a.postal_code)
        for a in DeliveryAddress.objects.select_related("opd")
    ]
    users = [
        (u.username, u.get_full_name(), u.role, str(u.organisation), u.nip, u.phone, u.email)
        for u in User.objects.select_related("organisation")
    ]
    vendors = [
        (v.organisation.name, v.kind, v.status, v.nik, v.npwp, v.nib, v.scale)
        for v in Vendor.objects.select_related("organisation")
    ]
    products = [
        (p.sku, p.name, str(p.price), p.status, str(p.category_id), p.unit_id)
        for p in Product.objects.all()
    ]
    return sorted([*organisations, *addresses, *users, *vendors, *products])


def test_small_creates_every_role_and_all_pemda():
    output = seed("--scale", "small")

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    pemdas = Organisation.objects.filter(kind="pemda")
    assert pemdas.count() == 36
    assert pemdas.get(region_id="33").name == "Pemerintah Provinsi Jawa Tengah"
    assert pemdas.get(region_id="33.74").name == "Pemerintah Kota Semarang"
    joined = dict(pemdas.filter(joined_on__isnull=False).values_list("region_id", "joined_on"))
    assert set(joined) == {"33", "33.25", "33.24", "33.20", "33.74"}
    assert joined["33.25"] == datetime.date(2022, 1, 24)
    assert DEMO_PASSWORD in output
    assert "pp.batang" in output


def test_small_opds_have_addresses_in_their_kab_kota():
    seed("--scale", "small")

    opds = Organisation.objects.filter(kind="opd")
    assert opds.count() == 15
    for region in ("33", "33.25", "33.24", "33.20", "33.74"):
        assert opds.filter(region_id=region).count() == 3
    for opd in opds.select_related("parent"):
        assert opd.parent is not None
        assert opd.parent.kind == "pemda"
        assert opd.region_id == opd.parent.region_id
        addresses = list(opd.addresses.all())
        assert 1 <= len(addresses) <= 2
        if opd.region_id != "33":
            assert {a.kab_kota_id for a in addresses} == {opd.region_id}


def test_fixed_demo_accounts():
    seed("--scale", "small")

    expected = {
        "pp.batang": (Role.PP, "Sekretariat Daerah Kabupaten Batang"),
        "ppk.batang": (Role.PPK, "Sekretariat Daerah Kabupaten Batang"),
        "bendahara.batang": (Role.BENDAHARA, "Sekretariat Daerah Kabupaten Batang"),
        "admin.opd.batang": (Role.OPD_ADMIN, "Sekretariat Daerah Kabupaten Batang"),
        "admin.batang": (Role.KAB_KOTA_ADMIN, "Pemerintah Kabupaten Batang"),
        "pendamping.batang": (Role.PENDAMPING, "Pemerintah Kabupaten Batang"),
        "pp.kendal": (Role.PP, "Sekretariat Daerah Kabupaten Kendal"),
        "admin.kendal": (Role.KAB_KOTA_ADMIN, "Pemerintah Kabupaten Kendal"),
        "admin.provinsi": (Role.PROVINCE_ADMIN, "Pemerintah Provinsi Jawa Tengah"),
        "auditor.provinsi": (Role.AUDITOR, "Pemerintah Provinsi Jawa Tengah"),
        "pemilik.vendor": (Role.VENDOR_OWNER, "CV Sumber Rejeki Batang"),
        "staf.vendor": (Role.VENDOR_STAFF, "CV Sumber Rejeki Batang"),
    }
    for username, (role, organisation) in expected.items():
        user = User.objects.select_related("organisation").get(username=username)
        assert (user.role, str(user.organisation)) == (role, organisation)
        assert user.email == f"{username}@demo.blangkon.invalid"
    # One hash shared by all (Argon2 is too slow to check each one here).
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.get(username="pp.batang").check_password(DEMO_PASSWORD)
    for nip in User.objects.filter(role__in=OPD_ROLES).values_list("nip", flat=True):
        assert len(nip) == 18
        assert nip.isdigit()
    marker = DemoSeed.objects.get()
    assert marker.finished
    assert {a["username"] for a in marker.accounts} >= set(expected)


def test_if_empty_changes_nothing_and_lists_accounts_again():
    seed("--scale", "small")
    before = counts()

    output = seed("--scale", "small", "--if-empty")

    assert counts() == before
    assert "pp.batang" in output
    assert DEMO_PASSWORD in output


def test_second_run_without_if_empty_refuses():
    seed("--scale", "small")

    with pytest.raises(CommandError, match="already holds"):
        seed("--scale", "small")


def test_seeding_is_deterministic():
    # Seed, remember, roll the whole load back, seed again.
    with transaction.atomic():
        seed("--scale", "small")
        first = snapshot()
        transaction.set_rollback(True)

    seed("--scale", "small")

    assert snapshot() == first


def test_refuses_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed("--scale", "small")
    assert not Organisation.objects.exists()


def test_seed_scale_joins_18_of_35_kab_kota_and_transacts_rp15_miliar():
    seed("--scale", "seed")

    kab_kota = Organisation.objects.filter(kind="pemda").exclude(region_id="33")
    assert kab_kota.count() == 35
    joined = kab_kota.filter(joined_on__isnull=False)
    assert joined.count() == 18
    assert {"33.25", "33.20"} <= set(joined.values_list("region_id", flat=True))
    for joined_on in joined.values_list("joined_on", flat=True):
        assert joined_on is not None
        assert datetime.date(2021, 3, 1) <= joined_on <= datetime.date(2022, 3, 31)
    assert Organisation.objects.filter(kind="opd", parent__in=joined).count() == 18 * 15
    # Dinas Koperasi dan UKM Jateng, 25 March 2022.
    assert Vendor.objects.filter(kind="perorangan").count() == 1_244
    assert Vendor.objects.filter(kind="badan_usaha").count() == 1_204
    assert Product.objects.filter(status="tayang", vendor__status="verified").count() == 55_082
    _assert_seed_orders()


def _assert_seed_orders() -> None:
    """Rp15 miliar in finished orders, Rp4 miliar of it catering, in the 10
    transacting kab/kota of the 18 joined, about Scale.orders of them, with
    the year-end peak in December 2021."""
    scale = SCALES["seed"]
    orders = list(Order.objects.all())
    assert sum(order.total for order in orders) == 15_000_000_000 == scale.transacted_rupiah
    assert scale.top_category_rupiah == 4_000_000_000
    assert 0.8 * scale.orders <= len(orders) <= 1.2 * scale.orders
    assert joined_regions() >= set(scale.transacting_codes())
    assert len(scale.transacting_codes()) == 10
    assert_order_history(orders, scale, REFERENCE_DAY["seed"])
    months = Counter(timezone.localdate(order.approved_at).replace(day=1) for order in orders)
    assert months.most_common(1)[0][0] == datetime.date(2021, 12, 1)


def test_small_scale_has_products_in_every_curation_state():
    seed("--scale", "small")

    states = set(Product.objects.values_list("status", flat=True))
    assert states == set(ProductStatus.values)
    assert set(Product.objects.values_list("category__slug", flat=True)) == set(ITEMS)
    assert not Product.objects.filter(price__lte=0).exists()
    # Every product's first price is in its history.
    assert PriceChange.objects.count() == Product.objects.count()


def test_refuses_without_regions():
    Region.objects.filter(code="33.76").delete()

    with pytest.raises(CommandError, match="regions"):
        seed("--scale", "small")


@pytest.mark.parametrize(
    ("machine", "paths"),
    [(VENDOR_MACHINE, VENDOR_PATHS), (PRODUCT_MACHINE, PRODUCT_PATHS)],
    ids=["vendor", "product"],
)
def test_the_seeded_histories_are_walks_the_machines_allow(machine, paths) -> None:
    # The seeder writes history rows in bulk (no transition per row, for speed);
    # every path it writes must be one the transition table allows.
    assert set(paths) == set(machine.statuses.values)
    for status, path in paths.items():
        previous = machine.initial[0]
        for target in path:
            assert machine.can_move(previous, target), f"{previous} -> {target}"
            previous = target
        assert previous == status


def test_small_imports_inaproc_packages_beside_the_orders():
    seed("--scale", "small")
    packages = Package.objects.select_related("satker")
    bandung = packages.filter(satker__nama_instansi="Kab. Bandung")
    assert bandung.count() == 30  # the real sample, of another province
    assert not bandung.filter(satker__region__isnull=False).exists()
    ours = packages.filter(kd_paket__startswith="DEMO")
    assert ours.filter(satker__region__code="33.25", satker__opd__isnull=False).count() >= 12
    unmapped = Satker.objects.get(nama_satker=UNMAPPED_SATKER)
    assert (unmapped.region_id, unmapped.opd_id) == ("33.24", None)
    summary = Client().get("/api/v1/stats/summary", {"channel": "inaproc"}).json()
    assert summary["transactions"]["count"] == packages.count()
    assert summary["transactions"]["value"] == sum(p.total_harga for p in packages)
    # The made-up split purchase and the package near the ceiling are indicators.
    flags = RedFlag.objects.filter(channel=FlagChannel.INAPROC, satker__region_id="33.25")
    assert flags.filter(kind=FlagKind.SPLIT_PURCHASE).count() == 1
    assert flags.filter(kind=FlagKind.NEAR_CEILING, value=48_500_000).count() == 1
    # And the open-data files are there from the start.
    assert PublishedFile.objects.filter(name="blangkon-transaksi-semua.csv").exists()
    # The PDN share (an HP toner is not PDN) and the vendor concentration
    # (the small scale's orders are one demo vendor's; INAPROC's are many).
    own = Client().get("/api/v1/stats/summary").json()
    assert 50 < own["pdn"]["percent"] < 100
    assert own["pdn"]["by_kab_kota"]
    assert summary["pdn"]["percent"] is None  # INAPROC's: not known
    both = Client().get("/api/v1/stats/summary", {"channel": "all"}).json()["concentration"]
    assert both["vendors"] > 2
    assert 0 < both["hhi"] < 10_000
    assert both["top1_percent"] < both["top5_percent"] <= both["top10_percent"]
