"""The public storefront of a verified vendor (no login). A page of vendors that
shows catalog data: pages may import any app (docs/architecture.md)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from blangkon.catalog.product_selectors import storefront_get
from blangkon.core.pagination import page_of
from blangkon.ratings.selectors import vendor_ratings_public


def storefront(request: HttpRequest, vendor_id: int) -> HttpResponse:
    store = storefront_get(vendor_id=vendor_id)
    page = page_of(store.products, number=request.GET.get("page"), per_page=48)
    ratings = vendor_ratings_public(vendor_id=store.vendor_id, limit=20)
    context = {"store": store, "page": page, "ratings": ratings}
    return render(request, "vendors/storefront.html", context)
