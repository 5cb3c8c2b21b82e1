import pytest

from blangkon.regions import jateng
from blangkon.regions.models import Region


@pytest.mark.django_db
def test_the_migration_ships_the_province_and_its_35_kab_kota() -> None:
    province = Region.objects.get(code="33")
    assert province.name == "Provinsi Jawa Tengah"
    assert province.kind == "provinsi"
    children = list(Region.objects.filter(parent=province).values_list("code", "name"))
    assert children == jateng.KAB_KOTA
    assert len(children) == 35
    assert Region.objects.filter(kind="kabupaten").count() == 29
    assert Region.objects.filter(kind="kota").count() == 6


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "name", "kind", "bps"),
    [
        ("33.01", "Kabupaten Cilacap", "kabupaten", "3301"),
        ("33.25", "Kabupaten Batang", "kabupaten", "3325"),
        ("33.29", "Kabupaten Brebes", "kabupaten", "3329"),
        ("33.71", "Kota Magelang", "kota", "3371"),
        ("33.72", "Kota Surakarta", "kota", "3372"),
        ("33.76", "Kota Tegal", "kota", "3376"),
    ],
)
def test_codes_names_and_kinds_match_kemendagri(code: str, name: str, kind: str, bps: str) -> None:
    region = Region.objects.get(code=code)
    assert (region.name, region.kind, region.bps_code, region.parent_id) == (name, kind, bps, "33")


@pytest.mark.django_db
@pytest.mark.parametrize("bare_name", ["Semarang", "Magelang", "Pekalongan", "Tegal"])
def test_names_shared_by_a_kabupaten_and_a_kota_are_two_regions(bare_name: str) -> None:
    regions = Region.objects.filter(name__endswith=f" {bare_name}").order_by("code")
    assert [r.kind for r in regions] == ["kabupaten", "kota"]
    assert len({r.code for r in regions}) == 2


@pytest.mark.django_db
def test_another_province_fits_without_a_schema_change() -> None:
    jatim = Region.objects.create(
        code="35", name="Provinsi Jawa Timur", kind="provinsi", bps_code="35"
    )
    Region.objects.create(
        code="35.78", name="Kota Surabaya", kind="kota", parent=jatim, bps_code="3578"
    )
    assert Region.objects.filter(parent__code="35").count() == 1
