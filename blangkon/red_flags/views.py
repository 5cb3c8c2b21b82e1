"""The pages of the red flags, /indikator/: the list with its filters, one
flag with its evidence and review history, and the auditor's review form.
Auditors and province admins read every flag, a kab/kota admin their pemda's;
anyone else is told the pages do not exist (404). Readers who may not review
get 403 from the form. Wording: indicators, never accusations."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blangkon.accounts.forms import apply_domain_error
from blangkon.catalog.models import Product
from blangkon.core.errors import DomainError, Forbidden
from blangkon.core.pagination import page_of
from blangkon.red_flags import selectors, services
from blangkon.red_flags.forms import ReviewForm
from blangkon.red_flags.models import FlagChannel, FlagKind, FlagStatus, RedFlag

PER_PAGE = 25


@dataclass(frozen=True)
class Row:
    flag: RedFlag
    buyer: str
    vendor: str
    explanation: str


@dataclass(frozen=True)
class EvidenceLink:
    label: str
    url: str  # empty: no page here (an INAPROC package)


def _row(flag: RedFlag) -> Row:
    return Row(
        flag, selectors.buyer_name(flag), selectors.vendor_name(flag), selectors.explanation(flag)
    )


@login_required
@require_GET
def flag_list(request: HttpRequest) -> HttpResponse:
    flags = selectors.flags_visible_to(request.user)  # 404 before reading any filter
    regions = selectors.kab_kota_choices()
    filters = selectors.parse_flag_filters(request.GET, kab_kota_codes={c for c, _n in regions})
    flags = selectors.flag_list(request.user, filters)
    page = page_of(flags, number=request.GET.get("page"), per_page=PER_PAGE)
    query = {k: v for k, v in vars(filters).items() if v}
    return render(
        request,
        "red_flags/list.html",
        {
            "page": page,
            "rows": [_row(flag) for flag in page],
            "filters": filters,
            "query": urlencode(query),
            "kinds": FlagKind.choices,
            "channels": FlagChannel.choices,
            "statuses": FlagStatus.choices,
            "regions": regions,
        },
    )


def _detail_page(
    request: HttpRequest, flag: RedFlag, form: ReviewForm | None = None, status: int = 200
) -> HttpResponse:
    evidence = flag.evidence
    orders = [EvidenceLink(str(number), "") for number in evidence.get("orders", [])]
    ids = evidence.get("order_ids", [])
    if flag.channel == FlagChannel.BLANGKON and len(ids) == len(orders):
        orders = [
            EvidenceLink(link.label, reverse("order:detail", args=[pk]))
            for link, pk in zip(orders, ids, strict=True)
        ]
    products = Product.objects.filter(pk__in=evidence.get("products", [])).order_by("pk")
    # Shared contacts list the vendors and officials holding them; other kinds
    # count (a concentration's "vendors" is how many the buyer bought from).
    vendors = _listed(evidence, "vendors")
    may_review = selectors.may_review(request.user)
    return render(
        request,
        "red_flags/detail.html",
        {
            "row": _row(flag),
            "flag": flag,
            "orders": orders,
            "products": [
                EvidenceLink(p.name, reverse("catalog:product-detail", args=[p.pk]))
                for p in products
            ],
            "vendors": [
                EvidenceLink(v["name"], reverse("vendors:storefront", args=[v["id"]]))
                for v in vendors
            ],
            "officials": _listed(evidence, "officials"),
            "history": flag.status_changes.select_related("actor").order_by("at", "id"),
            "may_review": may_review,
            "form": form or (ReviewForm(initial={"status": flag.status}) if may_review else None),
        },
        status=status,
    )


def _listed(evidence: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = evidence.get(key)
    return value if isinstance(value, list) else []


@login_required
@require_GET
def flag_detail(request: HttpRequest, flag_id: int) -> HttpResponse:
    return _detail_page(request, selectors.flag_get(request.user, flag_id))


@login_required
@require_POST
def flag_review(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = selectors.flag_get(request.user, flag_id)
    form = ReviewForm(request.POST)
    if not selectors.may_review(request.user):
        raise Forbidden()
    if form.is_valid():
        try:
            services.flag_review(
                user=request.user,
                flag_id=flag.pk,
                to=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The review of the indicator is saved."))
            return redirect("red_flags:detail", flag_id=flag.pk)
    return _detail_page(request, flag, form)
