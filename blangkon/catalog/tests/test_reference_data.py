import pytest

from blangkon.catalog.models import Category, TaxClass, Unit
from blangkon.catalog.reference import CATEGORIES, UNITS


@pytest.mark.django_db
def test_the_tree_has_28_leaf_categories_in_7_groups() -> None:
    groups = Category.objects.filter(parent__isnull=True)
    leaves = Category.objects.filter(parent__isnull=False)
    assert groups.count() == 7
    assert leaves.count() == 28
    assert not leaves.filter(children__isnull=False).exists()
    assert sorted(leaves.values_list("position", flat=True)) == list(range(1, 29))


@pytest.mark.django_db
def test_every_leaf_has_a_tax_class_and_its_usual_units() -> None:
    for number, slug, _name, _group, tax_class, units, _items in CATEGORIES:
        leaf = Category.objects.get(slug=slug)
        assert leaf.position == number
        assert leaf.tax_class == tax_class
        assert sorted(leaf.units.values_list("code", flat=True)) == sorted(units)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "tax_class"),
    [
        ("katering", TaxClass.CATERING),
        ("atk", TaxClass.GOODS),
        ("jasa-kebersihan", TaxClass.SERVICE),
        ("sewa-kendaraan", TaxClass.SERVICE),
        ("konstruksi-ringan", TaxClass.CONSTRUCTION),
    ],
)
def test_tax_classes_follow_the_domain_table(slug: str, tax_class: str) -> None:
    assert Category.objects.get(slug=slug).tax_class == tax_class


@pytest.mark.django_db
def test_units_include_packs_with_their_meaning() -> None:
    assert Unit.objects.count() == len(UNITS)
    assert Unit.objects.get(code="rim").note == "500 lembar"
    assert Unit.objects.get(code="lusin").note == "12 buah"
    assert Category.objects.get(slug="kertas-bahan-cetak").units.filter(code="rim").exists()
