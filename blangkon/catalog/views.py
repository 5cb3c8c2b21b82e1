"""Public catalog pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from blangkon.accounts.selectors import pemda_public_list
from blangkon.catalog.selectors import category_tree


def landing(request: HttpRequest) -> HttpResponse:
    pemda = [p for p in pemda_public_list() if p.region.kind != "provinsi"]
    joined = [p for p in pemda if p.joined_on]
    return render(
        request,
        "catalog/landing.html",
        {"groups": category_tree(), "joined": joined, "pemda_count": len(pemda)},
    )
