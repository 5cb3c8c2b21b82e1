"""The public storefront of a verified vendor (no login). A page of vendors that
shows catalog data: pages may import any app (docs/architecture.md)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from blangkon.catalog.product_selectors import storefront_get


def storefront(request: HttpRequest, vendor_id: int) -> HttpResponse:
    store = storefront_get(vendor_id=vendor_id)
    page = Paginator(store.products, 48).get_page(request.GET.get("page"))
    return render(request, "vendors/storefront.html", {"store": store, "page": page})
