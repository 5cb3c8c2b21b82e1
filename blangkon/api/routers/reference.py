"""Public reference data: regions and the category tree."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from blangkon.accounts.selectors import pemda_public_list
from blangkon.catalog.selectors import category_tree
from blangkon.regions.selectors import region_list

router = Router(tags=["reference"])


class RegionOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None
    joined_on: datetime.date | None


class UnitOut(Schema):
    code: str
    name: str


class LeafCategoryOut(Schema):
    slug: str
    name: str
    tax_class: str
    units: list[UnitOut]


class CategoryGroupOut(Schema):
    slug: str
    name: str
    children: list[LeafCategoryOut]


@router.get("/regions", response=list[RegionOut], auth=None, summary="Regions")
def regions(request: HttpRequest) -> list[RegionOut]:
    """The province and its kabupaten/kota with Kemendagri codes, and when each
    pemda joined Blangkon (null: not joined)."""
    joined = {p.region_id: p.joined_on for p in pemda_public_list()}
    return [
        RegionOut(
            code=r.code,
            name=r.name,
            kind=r.kind,
            parent_code=r.parent_id,
            joined_on=joined.get(r.code),
        )
        for r in region_list()
    ]


@router.get("/categories", response=list[CategoryGroupOut], auth=None, summary="Categories")
def categories(request: HttpRequest) -> list[CategoryGroupOut]:
    """The category tree: groups, then leaf categories with tax class and units."""
    return [
        CategoryGroupOut(
            slug=group.slug,
            name=group.name,
            children=[
                LeafCategoryOut(
                    slug=leaf.slug,
                    name=leaf.name,
                    tax_class=leaf.tax_class,
                    units=[UnitOut(code=u.code, name=u.name) for u in leaf.units.all()],
                )
                for leaf in group.children.all()
            ],
        )
        for group in category_tree()
    ]
