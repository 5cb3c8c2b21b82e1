from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from blangkon.accounts.models import User
from blangkon.accounts.selectors import audit_list_for_user, audit_organisation_names
from blangkon.audit.forms import AuditFilterForm
from blangkon.audit.models import AuditEvent
from blangkon.audit.services import audit_export_record
from blangkon.audit.views import export
from blangkon.audit.views.sentences import readable_events
from blangkon.core.http import client_ip
from blangkon.core.money import format_number
from blangkon.core.pagination import page_of
from blangkon.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _list_page(
    request: HttpRequest, form: AuditFilterForm, *, refused: str = "", status: int = 200
) -> HttpResponse:
    user = _user(request)
    events = audit_list_for_user(user=user, filters=form.filters())
    page = page_of(events, number=request.GET.get("page"), per_page=PER_PAGE)
    context = {
        "form": form,
        "page": page,
        "rows": readable_events(list(page), viewer=user),
        "export_refused": refused,
        "xlsx_max": format_number(export.XLSX_MAX_ROWS),
    }
    # Filtering through HTMX swaps only the rows.
    if request.headers.get("HX-Request"):
        return render(request, "audit/_rows.html", context, status=status)
    context["organisation_names"] = audit_organisation_names(user=user)
    return render(request, "audit/list.html", context, status=status)


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, AuditFilterForm(request.GET or None))


def _filename(extension: str) -> str:
    return f"log-audit-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def _attachment[ResponseT: HttpResponseBase](response: ResponseT, extension: str) -> ResponseT:
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _too_many(count: int, limit: int) -> str:
    return _(
        "This filter holds %(count)s events; an export holds at most %(limit)s. "
        "Narrow the filter (a shorter date range, a kind of action) and export again."
    ) % {"count": format_number(count), "limit": format_number(limit)}


def _exported_events(
    request: HttpRequest, user: User, file_format: str, limit: int
) -> QuerySet[AuditEvent] | HttpResponse:
    """The filtered rows to export, as they stood when the export was asked
    for (the export itself is recorded); or the list page refusing an export
    above `limit`."""
    form = AuditFilterForm(request.GET or None)
    events = audit_list_for_user(user=user, filters=form.filters())
    count = events.count()
    if count > limit:
        return _list_page(request, form, refused=_too_many(count, limit), status=400)
    record = audit_export_record(
        actor=user,
        file_format=file_format,
        filters=form.described(),
        rows=count,
        ip_address=client_ip(request),
    )
    return events.filter(pk__lt=record.pk)


@login_required
@require_GET
def audit_export_csv(request: HttpRequest) -> HttpResponseBase:
    """The filtered log as CSV, streamed; the export itself is recorded."""
    user = _user(request)
    events = _exported_events(request, user, "csv", export.CSV_MAX_ROWS)
    if isinstance(events, HttpResponse):
        return events
    response = StreamingHttpResponse(
        export.export_csv(events, viewer=user), content_type=CSV_CONTENT_TYPE
    )
    return _attachment(response, "csv")


@login_required
@require_GET
def audit_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered log as XLSX, up to XLSX_MAX_ROWS; the export itself is recorded."""
    user = _user(request)
    events = _exported_events(request, user, "xlsx", export.XLSX_MAX_ROWS)
    if isinstance(events, HttpResponse):
        return events
    content = export.export_xlsx(events, viewer=user)
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), "xlsx")
