"""The facets beside a result: categories (groups, then leaves), kab/kota,
vendor kind, scale, PDN, trained vendors and price ranges, from the
result's marginal counts (search.counting)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from blangkon.core.money import format_number, format_rupiah
from blangkon.search.counting import Totals
from blangkon.search.params import KINDS, SCALES, SearchParams, price_buckets
from blangkon.search.reference import Reference

EXACT_LIMIT = 10_000  # counts above this may be shown as "10.000+"


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0

    @property
    def count_label(self) -> str:
        return approximate(self.count)


def approximate(count: int) -> str:
    return f"{format_number(EXACT_LIMIT)}+" if count > EXACT_LIMIT else format_number(count)


def facets_of(totals: Totals, params: SearchParams, ref: Reference) -> dict[str, list[FacetValue]]:
    """The facets from the marginal counts. A facet that is filtered on shows
    its chosen value only (its count is the result's)."""
    by_id = {c.pk: c for c in ref.categories.values()}

    categories: list[FacetValue] = []
    group_totals: dict[int, int] = defaultdict(int)
    for leaf_id, n in totals["category_id"].items():
        group_totals[ref.group_of.get(leaf_id) or leaf_id] += n
    chosen = ref.categories.get(params.category)
    for group_id, n in sorted(group_totals.items(), key=lambda kv: by_id[kv[0]].position):
        group = by_id[group_id]
        if chosen is not None and chosen.parent_id is not None:
            # A leaf is chosen: only it is shown (its group would widen the search).
            leaf_count = totals["category_id"].get(chosen.pk, 0)
            categories.append(FacetValue(chosen.slug, chosen.name, leaf_count, True, depth=1))
            break
        categories.append(
            FacetValue(group.slug, group.name, n, params.category == group.slug, depth=0)
        )
        for leaf_id in ref.leaves_of.get(group_id, []):
            if totals["category_id"].get(leaf_id):
                leaf = by_id[leaf_id]
                categories.append(
                    FacetValue(
                        leaf.slug,
                        leaf.name,
                        totals["category_id"][leaf_id],
                        params.category == leaf.slug,
                        depth=1,
                    )
                )

    def simple(column: str, labels: dict[Any, Any], selected: Any) -> list[FacetValue]:
        values = [
            FacetValue(str(v), str(labels.get(v, v)), n, selected == v)
            for v, n in totals[column].items()
            if v in labels
        ]
        return sorted(values, key=lambda f: (-f.count, f.label))

    regions = {code: r.name for code, r in ref.regions.items()}
    yes_no = {True: "1", False: "0"}
    return {
        "category": categories,
        "kab_kota": simple("kab_kota_id", regions, params.kab_kota),
        "vendor_kind": simple("vendor_kind", KINDS, params.vendor_kind),
        "scale": simple("scale", SCALES, params.scale),
        "pdn": [
            FacetValue(
                yes_no[v], _("Domestic product (PDN)") if v else _("Not PDN"), n, params.pdn is v
            )
            for v, n in sorted(totals["is_pdn"].items(), reverse=True)
        ],
        "trained": [
            FacetValue(
                yes_no[v],
                _("Trained vendor") if v else _("Not yet trained"),
                n,
                params.trained is v,
            )
            for v, n in sorted(totals["is_trained"].items(), reverse=True)
        ],
        "price": _price_facet(totals["price_bucket"], params),
    }


def _price_facet(totals: dict[Any, int], params: SearchParams) -> list[FacetValue]:
    values = []
    for i, (low, high) in enumerate(price_buckets()):
        if not totals.get(i):
            continue
        if high is None:
            label = _("%(low)s and above") % {"low": format_rupiah(low)}
        elif low == 0:
            label = _("Below %(high)s") % {"high": format_rupiah(high + 1)}
        else:
            label = f"{format_rupiah(low)} – {format_rupiah(high)}"
        selected = params.price_min == (low or None) and params.price_max == high
        values.append(
            FacetValue(f"{low}-{high if high is not None else ''}", label, totals[i], selected)
        )
    return values
