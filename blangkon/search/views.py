"""Catalog pages: search and browse, suggestions, compare, and the synonym
list of provincial admins. Thin: parse, call one selector or service, render."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blangkon.accounts.access import is_province_admin
from blangkon.accounts.models import User
from blangkon.catalog.specs import spec_label
from blangkon.core.errors import DomainError, Forbidden
from blangkon.core.http import client_ip
from blangkon.core.pagination import page_of
from blangkon.search import relevance, selectors, services
from blangkon.search.models import SynonymKind
from blangkon.search.params import FIELDS, SORTS, SearchParams, parse_search_params

SYNONYMS_PER_PAGE = 50  # the synonyms page lists this many rules at a time


def _params(request: HttpRequest, ref: selectors.Reference) -> tuple[SearchParams, dict[str, str]]:
    """The search asked for; bad fields are dropped and reported, not fatal."""
    data = {f: request.GET.get(f, "") for f in FIELDS}
    try:
        return parse_search_params(
            data, categories=set(ref.categories), regions=set(ref.regions)
        ), {}
    except DomainError as error:
        for bad in error.fields:
            data[bad] = ""
        if "price_max" in error.fields:
            data["price_min"] = ""
        clean = parse_search_params(data, categories=set(ref.categories), regions=set(ref.regions))
        return clean, error.fields


def _url(params: SearchParams) -> str:
    query = params.as_query()
    return "?" + urlencode(query) if query else "?"


def _facet_links(result: selectors.SearchResult) -> list[dict[str, Any]]:
    """Each facet with a link per value: choosing filters, chosen clears."""
    params = result.params
    titles = {
        "category": _("Category"),
        "kab_kota": _("Vendor's kabupaten/kota"),
        "vendor_kind": _("Vendor kind"),
        "scale": _("Business scale"),
        "pdn": _("Domestic product"),
        "trained": _("Vendor training"),
        "price": _("Price"),
    }
    facets = []
    for name, values in result.facets.items():
        links = []
        for value in values:
            if name == "price":
                low, high = value.value.split("-")
                chosen = params.with_(
                    price_min=int(low) or None, price_max=int(high) if high else None
                )
                cleared = params.with_(price_min=None, price_max=None)
            else:
                typed: Any = value.value
                if name in ("pdn", "trained"):
                    typed = value.value == "1"
                # Facet names are the SearchParams fields they filter.
                chosen = params.with_(**{name: typed})
                cleared = params.with_(**{name: None if name in ("pdn", "trained") else ""})
            target = cleared if value.selected else chosen
            links.append({"facet": value, "url": _url(target.with_(page=1))})
        facets.append({"name": name, "title": titles[name], "values": links})
    return facets


def catalog(request: HttpRequest) -> HttpResponse:
    ref = selectors.search_reference()
    params, errors = _params(request, ref)
    result = selectors.search_products(
        params=params, region=selectors.buyer_region(request.user), ref=ref
    )
    selectors.with_photos(result.products)
    context = {
        "result": result,
        "params": params,
        "errors": errors,
        "facets": _facet_links(result),
        "categories_named": [
            (c.name, _url(params.with_(q="", category=c.slug, page=1)))
            for c in relevance.categories_named(result.text.tsquery, result.params.category)
        ],
        "sorts": [
            (key, label, _url(params.with_(sort=key, page=1))) for key, label in SORTS.items()
        ],
        "previous_url": _url(params.with_(page=params.page - 1)) if params.page > 1 else "",
        "next_url": _url(params.with_(page=params.page + 1)) if params.page < result.pages else "",
        "exact_url": _url(params.with_(exact=True, page=1)),
    }
    return render(request, "search/catalog.html", context)


def suggest(request: HttpRequest) -> HttpResponse:
    found = selectors.suggestions(prefix=request.GET.get("q", "")[:100])
    links = relevance.suggestion_links(found)
    return render(request, "search/_suggestions.html", {"suggestions": links})


def compare(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.GET.getlist("id") if i.isdigit()][:20]
    products = selectors.products_to_compare(ids=ids)
    if len(ids) > 4:
        messages.info(
            request, _("At most four products can be compared; the first four are shown.")
        )
    spec_keys: list[str] = []
    for product in products:
        spec_keys += [k for k in product.specifications if k not in spec_keys]
    return render(
        request,
        "search/compare.html",
        {
            "products": products,
            "spec_rows": [
                (spec_label(key), [str(p.specifications.get(key, "—")) for p in products])
                for key in spec_keys
            ],
        },
    )


def _admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_province_admin(user):
        raise Forbidden
    return user


@login_required
def synonym_list(request: HttpRequest) -> HttpResponse:
    """The groups and one-way rules; a POST adds one, or with `synonym_id`
    replaces that one's terms and direction."""
    actor = _admin(request)
    error = ""
    filter_text = request.GET.get("q", "")[:100]
    if request.method == "POST":
        editing = request.POST.get("synonym_id", "")
        try:
            services.synonym_save(
                actor=actor,
                terms=request.POST.get("terms", ""),
                kind=request.POST.get("kind", SynonymKind.GROUP),
                synonym_id=int(editing) if editing.isdigit() else None,
                ip_address=client_ip(request),
            )
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Synonyms saved."))
            return redirect("search:synonyms")
    return render(
        request,
        "search/synonyms.html",
        {
            "page": page_of(
                selectors.synonyms_matching(text=filter_text),
                number=request.GET.get("page"),
                per_page=SYNONYMS_PER_PAGE,
            ),
            "filter_text": filter_text,
            "kinds": SynonymKind.choices,
            "error": error,
            "terms": request.POST.get("terms", ""),
            "kind": request.POST.get("kind", SynonymKind.GROUP),
        },
    )


@login_required
@require_POST
def synonym_delete(request: HttpRequest, synonym_id: int) -> HttpResponse:
    actor = _admin(request)
    services.synonym_delete(actor=actor, synonym_id=synonym_id, ip_address=client_ip(request))
    messages.success(request, _("Synonym group deleted."))
    return redirect("search:synonyms")
