"""Category, unit and kab/kota as a vendor writes them in a sheet: the names the
template's dropdowns offer ("Kertas & bahan cetak", "dos/box", "Kabupaten
Batang") or the codes ("kertas-bahan-cetak", "dos", "33.25"), in any case and
with any spacing.

The delivery area ("Wilayah pengiriman") holds several kab/kota separated by
commas or semicolons, or a word meaning all of them ("semua", "Jawa Tengah").
Left empty it means the vendor's own kab/kota, as on the product form; "all"
gives the same list as choosing every kab/kota on the form.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from blangkon.catalog.models import Category, Unit
from blangkon.catalog.services import CatalogReference
from blangkon.regions.models import Region, RegionKind

# The first entry of the template's delivery-area dropdown, worded as the
# product form's button that ticks every kab/kota; the importer reads it, the
# words below and the province's name or code as every kab/kota.
ALL_AREAS_LABEL = "Seluruh Jawa Tengah"
ALL_AREAS_WORDS = frozenset(
    {
        "seluruh jawa tengah",
        "jawa tengah",
        "semua",
        "semua kab/kota",
        "semua kabupaten/kota",
        "seluruh kab/kota",
        "seluruh kabupaten/kota",
        "all",
    }
)


CODE = re.compile(r"\d{2}\.?\d{2}")


class CellError(ValueError):
    """A cell that cannot be read as what its column needs; the message says why."""


def folded(value: str) -> str:
    """Trimmed, inner spaces collapsed, case folded: how names are compared."""
    return " ".join(value.split()).casefold()


def _listed(names: Iterable[str]) -> str:
    return ", ".join(names)


@dataclass(frozen=True)
class Lookups:
    """Reference data read once per import, so reading a row makes no query."""

    categories: dict[str, str]  # folded name or slug -> leaf slug
    category_names: dict[str, str]  # leaf slug -> name
    category_units: dict[str, frozenset[str]]  # leaf slug -> its unit codes
    units: dict[str, str]  # folded name or code -> unit code
    unit_names: dict[str, str]  # unit code -> name
    regions: dict[str, str]  # folded name, code or BPS code -> kab/kota code
    ambiguous_regions: dict[str, tuple[str, ...]]  # "pekalongan" -> both full names
    all_regions: tuple[str, ...]  # every kab/kota code, in code order

    @classmethod
    def load(cls, reference: CatalogReference) -> "Lookups":
        leaves = Category.objects.filter(slug__in=reference.categories).values_list("slug", "name")
        units = Unit.objects.values_list("code", "name")
        regions = Region.objects.exclude(kind=RegionKind.PROVINSI).filter(
            code__in=reference.kab_kota_codes
        )
        provinces = Region.objects.filter(kind=RegionKind.PROVINSI).values_list("code", "name")
        return cls.build(
            categories=list(leaves),
            category_units={slug: leaf.unit_codes for slug, leaf in reference.categories.items()},
            units=list(units),
            regions=list(regions.order_by("code").values_list("code", "name")),
            provinces=list(provinces),
        )

    @classmethod
    def build(
        cls,
        *,
        categories: list[tuple[str, str]],
        category_units: dict[str, frozenset[str]],
        units: list[tuple[str, str]],
        regions: list[tuple[str, str]],
        provinces: Iterable[tuple[str, str]] = (),
    ) -> "Lookups":
        """From plain (code, name) pairs; codes win over a name spelt the same."""
        category_map = {folded(name): slug for slug, name in categories}
        category_map |= {folded(slug): slug for slug, _name in categories}
        unit_map = {folded(name): code for code, name in units}
        unit_map |= {folded(code): code for code, _name in units}
        region_map, ambiguous = _region_names(regions)
        for code, name in provinces:
            # The province's name or code means all of its kab/kota.
            bare = name.removeprefix("Provinsi ")
            for word in (code, name, bare, f"seluruh {bare}", f"semua kab/kota {bare}"):
                region_map[folded(word)] = "*"
        return cls(
            categories=category_map,
            category_names=dict(categories),
            category_units=category_units,
            units=unit_map,
            unit_names=dict(units),
            regions=region_map,
            ambiguous_regions=ambiguous,
            all_regions=tuple(code for code, _name in regions),
        )

    # --- reading cells ------------------------------------------------------

    def category(self, text: str) -> str:
        """The leaf slug of a category name or slug."""
        slug = self.categories.get(folded(text))
        if slug is None:
            raise CellError(
                _(
                    "Unknown category '%(value)s'. Choose a category from the drop-down list "
                    "(all of them are on the 'Referensi' sheet)."
                )
                % {"value": text}
            )
        return slug

    def unit(self, text: str, category_slug: str | None) -> str:
        """The code of a unit name or code, which must be one of the category's
        units when the category is known."""
        code = self.units.get(folded(text))
        allowed = self.category_units.get(category_slug or "")
        if allowed is None:
            if code is None:
                raise CellError(
                    _("Unknown unit '%(value)s'. Choose a unit from the drop-down list.")
                    % {"value": text}
                )
            return code
        if code not in allowed:
            raise CellError(
                _(
                    "'%(value)s' is not a unit of the category %(category)s. Choose one "
                    "of: %(units)s."
                )
                % {
                    "value": text,
                    "category": self.category_names.get(category_slug or "", category_slug),
                    "units": _listed(sorted(self.unit_names.get(u, u) for u in allowed)),
                }
            )
        return code

    def coverage(self, value: object) -> tuple[str, ...]:
        """kab/kota codes from names, codes or "all" words, separated by commas,
        semicolons or new lines. Every unknown or ambiguous name is reported."""
        codes: list[str] = []
        unknown: list[str] = []
        ambiguous: list[str] = []
        for token in re.split(r"[,;\n]+", str(value)):
            key = folded(token)
            if not key:
                continue
            found = self._area(key)
            if found is not None:
                codes.extend(found)
            elif key in self.ambiguous_regions:
                ambiguous.append(
                    _("'%(value)s' could be %(names)s; write which one.")
                    % {"value": token.strip(), "names": _(" or ").join(self.ambiguous_regions[key])}
                )
            else:
                unknown.append(token.strip())
        problems = ambiguous
        if unknown:
            problems.append(
                _(
                    "Unknown kab/kota: %(values)s. Choose from the drop-down list (e.g. "
                    "Kabupaten Batang) or write codes (e.g. 33.25), separated by commas, or "
                    "'Seluruh Jawa Tengah' for every kab/kota."
                )
                % {"values": _listed(unknown[:5])}
            )
        if problems:
            raise CellError(" ".join(problems))
        return tuple(dict.fromkeys(codes))

    def _area(self, key: str) -> tuple[str, ...] | None:
        if key in ALL_AREAS_WORDS or self.regions.get(key) == "*":
            return self.all_regions
        if key in self.regions:
            return (self.regions[key],)
        # Codes separated by spaces, as older templates allowed: "33.25 33.26".
        parts = key.split()
        if len(parts) > 1 and all(CODE.fullmatch(part) and part in self.regions for part in parts):
            return tuple(self.regions[part] for part in parts)
        return None


def _region_names(
    regions: list[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Every way a kab/kota may be written: its code ("33.25"), its BPS code
    ("3325"), its name ("Kabupaten Batang"), "Kab. Batang", and the bare name
    ("Batang") when only one kab/kota has it ("Pekalongan" is two)."""
    names: dict[str, str] = {}
    bare: dict[str, list[tuple[str, str]]] = {}
    for code, name in regions:
        names[folded(code)] = code
        names[code.replace(".", "")] = code
        names[folded(name)] = code
        kind, _space, rest = folded(name).partition(" ")
        if kind == "kabupaten" and rest:
            names[f"kab. {rest}"] = code
            names[f"kab {rest}"] = code
        if rest:
            bare.setdefault(rest, []).append((code, name))
    ambiguous: dict[str, tuple[str, ...]] = {}
    for rest, found in bare.items():
        if len(found) == 1:
            names.setdefault(rest, found[0][0])
        else:
            ambiguous[rest] = tuple(name for _code, name in found)
    return names, ambiguous
