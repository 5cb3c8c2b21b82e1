"""GET /products (catalog search) and GET /products/suggest: public, read-only.

The same selector as the catalog page (search.selectors.search_products);
bad filter values are 400 with the field named, never 500.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from blangkon.catalog.models import Product
from blangkon.core.money import format_rupiah
from blangkon.search import selectors
from blangkon.search.params import parse_search_params

router = Router(tags=["search"])


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


@router.get("/products", auth=None, summary="Search live products")
def product_search(request: HttpRequest) -> dict[str, Any]:
    """Query: q, category, kab_kota, vendor_kind, scale, pdn, trained,
    price_min, price_max, sort (relevance, price_asc, price_desc, newest,
    rating, sold), page (20 a page, at most 100 pages)."""
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
    }


@router.get("/products/suggest", auth=None, summary="Suggestions while typing")
def product_suggest(request: HttpRequest, q: str = "") -> dict[str, list[str]]:
    return {"suggestions": selectors.suggestions(prefix=q[:100])}
