"""The reference data one search needs (categories and their groups, the
kab/kota) and the buyer's region for the local-first boost."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from blangkon.accounts.models import User
from blangkon.accounts.roles import OrganisationKind
from blangkon.catalog.models import Category
from blangkon.regions.models import Region, RegionKind

# Organisations whose users buy: their kab/kota gets the local-first boost.
GOVERNMENT_KINDS = frozenset({OrganisationKind.PEMDA, OrganisationKind.OPD})


@dataclass(frozen=True)
class Reference:
    categories: dict[str, Category]  # by slug
    leaves_of: dict[int, list[int]]  # group id -> leaf ids
    group_of: dict[int, int]  # leaf id -> group id
    regions: dict[str, Region]  # kab/kota by code

    @classmethod
    def load(cls) -> "Reference":
        categories = {c.slug: c for c in Category.objects.order_by("position", "name")}
        leaves_of: dict[int, list[int]] = defaultdict(list)
        group_of: dict[int, int] = {}
        for c in categories.values():
            if c.parent_id is not None:
                leaves_of[c.parent_id].append(c.pk)
                group_of[c.pk] = c.parent_id
        regions = {
            r.code: r
            for r in Region.objects.filter(kind__in=(RegionKind.KABUPATEN, RegionKind.KOTA))
        }
        return cls(categories, dict(leaves_of), group_of, regions)


def search_reference() -> Reference:
    return Reference.load()


def buyer_region(user: User | Any) -> Region | None:
    """The kab/kota (or province) of a signed-in government user, for the
    local-first boost; None for vendors and the public."""
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return None
    organisation = user.organisation
    if organisation is None or organisation.kind not in GOVERNMENT_KINDS:
        return None
    return organisation.region
