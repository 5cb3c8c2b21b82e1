"""The public register of transactions /transparansi/transaksi/ (no login) and
its downloads: the filtered rows as CSV (streamed, every row) or XLSX (at most
register_files.XLSX_DOWNLOAD_CAP rows; the open-data files hold them all)."""

import tempfile

from django.core.exceptions import BadRequest
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from blangkon.core.errors import DomainError
from blangkon.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from blangkon.orders.status import OrderStatus
from blangkon.transparency.register import (
    COUNT_CAP,
    register_categories,
    register_count,
    register_page,
    register_rows,
)
from blangkon.transparency.register_files import XLSX_DOWNLOAD_CAP, csv_stream, xlsx_write
from blangkon.transparency.register_params import (
    REGISTER_STATUSES,
    RegisterParams,
    cursor_token,
    parse_register_params,
)
from blangkon.transparency.selectors import stats_reference, stats_years


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    ref = stats_reference()
    categories = register_categories()
    error = None
    try:
        params = parse_register_params(request.GET, regions=ref.regions, categories=categories)
    except DomainError as refused:
        # Bad filters are shown and dropped: the page answers with the newest rows.
        error, params = refused, RegisterParams()
    page = register_page(params)
    count, capped = register_count(params)
    query = params.query()
    links = {
        name: "?" + urlencode({**query, "cursor": cursor_token(cursor)})
        for name, cursor in (("next", page.next), ("previous", page.previous))
        if cursor
    }
    return render(
        request,
        "transparency/register.html",
        {
            "rows": page.rows,
            "links": links,
            "count": count,
            "capped": capped,
            "count_cap": COUNT_CAP,
            "params": params,
            "query": urlencode(query),
            "error": error,
            "regions": sorted(ref.regions.items(), key=lambda item: item[1]),
            "categories": sorted(categories.items(), key=lambda item: item[1]),
            "statuses": [(s, OrderStatus(s).label) for s in REGISTER_STATUSES],
            "years": stats_years(),
            "xlsx_cap": XLSX_DOWNLOAD_CAP,
        },
        status=400 if error else 200,
    )


@require_GET
def register_download(request: HttpRequest, extension: str) -> HttpResponseBase:
    ref = stats_reference()
    try:
        params = parse_register_params(
            request.GET, regions=ref.regions, categories=register_categories(), paging=False
        )
    except DomainError as refused:
        raise BadRequest(refused.message) from refused  # the 400 page
    filename = f"blangkon-transaksi-{timezone.localdate().isoformat()}.{extension}"
    response: HttpResponseBase
    if extension == "csv":
        response = StreamingHttpResponse(
            csv_stream(register_rows(params)), content_type=CSV_CONTENT_TYPE
        )
    else:
        # Built in a temporary file (spilled to disk past a few megabytes), then streamed.
        # FileResponse closes it once sent.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        xlsx_write(spool, register_rows(params), cap=XLSX_DOWNLOAD_CAP)
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
