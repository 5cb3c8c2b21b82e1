"""GET /products (catalog search) and GET /products/suggest: public, read-only.

The same selector as the catalog page (search.selectors.search_products);
bad filter values are 400 with the field named, never 500.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from blangkon.catalog.models import Product
from blangkon.core.money import format_rupiah
from blangkon.search import selectors
from blangkon.search.params import (
    KINDS,
    MAX_PAGE,
    MAX_PRICE,
    SCALES,
    SORTS,
    parse_search_params,
)

router = Router(tags=["search"])


class SearchVendorOut(Schema):
    id: int
    name: str
    kab_kota: str
    kab_kota_name: str
    scale: str


class SearchProductOut(Schema):
    id: int
    name: str
    price: int = Field(description="Whole rupiah per unit, tax included.")
    price_label: str
    unit: str
    unit_name: str
    category: str
    category_name: str
    is_pdn: bool
    vendor: SearchVendorOut
    url: str


class SearchTextOut(Schema):
    typed: str
    searched: str = Field(description="The words searched for, after spelling correction.")
    corrected: bool
    exact: bool = Field(
        description="True when exact=1 asked for the words as typed, without correction."
    )
    dropped_words: list[str] = Field(
        description="Words no live product has, left out because the whole query found"
        " nothing (typed and searched are then the other words); empty when every word"
        " was searched for."
    )


class SuggestedCategoryOut(Schema):
    slug: str
    name: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    count_label: str
    selected: bool
    depth: int | None = Field(
        None, description="Category facet only: 0 for a group, 1 for a leaf category."
    )


class SearchOut(Schema):
    count: int
    count_label: str
    page: int
    pages: int
    query: SearchTextOut
    results: list[SearchProductOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        description="category, kab_kota, vendor_kind, scale, pdn, trained and price."
    )
    suggested_categories: list[SuggestedCategoryOut] = Field(
        description="When nothing matches the words: categories to look in instead (those"
        " nearest the words, else the top-level ones); empty otherwise."
    )


class SuggestOut(Schema):
    suggestions: list[str]


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "in": "query",
        "name": name,
        "required": False,
        "schema": schema,
        "description": description,
    }


_FLAG = {"type": "string", "enum": ["1", "0", "true", "false", "ya", "tidak"]}
_PRICE = {"type": "integer", "minimum": 0, "maximum": MAX_PRICE}

# The search reads its query by hand (search.params, shared with the page,
# which reports bad values instead of refusing them), so ninja does not parse
# these; they are declared here for the document only.
SEARCH_PARAMETERS = [
    _query("q", {"type": "string"}, "Words to search for."),
    _query("category", {"type": "string"}, "A category slug (group or leaf) from /categories."),
    _query("kab_kota", {"type": "string"}, "The vendor's kabupaten/kota code, e.g. 33.25."),
    _query("vendor_kind", {"type": "string", "enum": list(KINDS)}, "The kind of vendor."),
    _query("scale", {"type": "string", "enum": list(SCALES)}, "The vendor's business scale."),
    _query("pdn", _FLAG, "Domestic products only (1) or foreign only (0)."),
    _query("trained", _FLAG, "Vendors who completed the training (1) or not (0)."),
    _query("price_min", _PRICE, "Lowest price in whole rupiah."),
    _query("price_max", _PRICE, "Highest price in whole rupiah, not below price_min."),
    _query(
        "sort",
        {"type": "string", "enum": list(SORTS), "default": "relevance"},
        "The order of the results.",
    ),
    _query(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        f"Page of 20 results, 1 to {MAX_PAGE}.",
    ),
    _query(
        "exact",
        _FLAG,
        "1: search the words exactly as typed, without spelling correction (synonyms still apply).",
    ),
]


def product_summary(product: Product) -> dict[str, Any]:
    region = product.vendor.organisation.region
    return {
        "id": product.pk,
        "name": product.name,
        "price": product.price,
        "price_label": format_rupiah(product.price),
        "unit": product.unit_id,
        "unit_name": product.unit.name,
        "category": product.category.slug,
        "category_name": product.category.name,
        "is_pdn": product.is_pdn,
        "vendor": {
            "id": product.vendor_id,
            "name": product.vendor.organisation.name,
            "kab_kota": region.code,
            "kab_kota_name": region.name,
            "scale": product.vendor.scale,
        },
        "url": f"/produk/{product.pk}/",
    }


@router.get(
    "/products",
    response=SearchOut,
    auth=None,
    summary="Search live products",
    # `depth` appears on category facet values only.
    exclude_unset=True,
    openapi_extra={"parameters": SEARCH_PARAMETERS},
)
def product_search(request: HttpRequest) -> dict[str, Any]:
    """Live products matching the words and filters, 20 a page, with a count
    per filter value. An unknown or malformed filter is a 400 naming it."""
    ref = selectors.search_reference()
    params = parse_search_params(
        request.GET, categories=set(ref.categories), regions=set(ref.regions)
    )
    result = selectors.search_products(
        params=params, region=selectors.buyer_region(request.user), ref=ref
    )
    return {
        "count": result.count,
        "count_label": result.count_label,
        "page": params.page,
        "pages": result.pages,
        "query": {
            "typed": " ".join(result.text.typed),
            "searched": " ".join(result.text.corrected),
            "corrected": result.text.was_corrected,
            "exact": params.exact,
            "dropped_words": result.dropped_words,
        },
        "results": [product_summary(p) for p in result.products],
        "facets": {
            name: [
                {
                    "value": v.value,
                    "label": v.label,
                    "count": v.count,
                    "count_label": v.count_label,
                    "selected": v.selected,
                    **({"depth": v.depth} if name == "category" else {}),
                }
                for v in values
            ]
            for name, values in result.facets.items()
        },
        "suggested_categories": [
            {"slug": c.slug, "name": c.name} for c in result.suggested_categories
        ],
    }


@router.get("/products/suggest", response=SuggestOut, auth=None, summary="Suggestions while typing")
def product_suggest(request: HttpRequest, q: str = "") -> dict[str, list[str]]:
    return {"suggestions": selectors.suggestions(prefix=q[:100])}
