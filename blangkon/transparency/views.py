"""The public dashboard /transparansi/ (no login) and its downloads: every
chart's table as CSV or XLSX, under the same filters."""

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from blangkon.core.errors import DomainError
from blangkon.core.spreadsheets import csv_lines, xlsx_bytes
from blangkon.transparency.params import CHANNELS, StatsParams, parse_stats_params
from blangkon.transparency.selectors import (
    joined_kab_kota_codes,
    stats_reference,
    stats_summary,
    stats_years,
)
from blangkon.transparency.tables import TABLES, StatsTable, chart_data, stats_tables
from blangkon.transparency.tilemap import tile_map

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    ref = stats_reference()
    error = None
    try:
        params = parse_stats_params(request.GET, regions=ref.regions)
    except DomainError as refused:
        # Bad filters are shown and dropped: the page answers with all of Blangkon.
        error, params = refused, StatsParams()
    summary = stats_summary(params=params, ref=ref)
    tables = stats_tables(summary, page=True)
    return render(
        request,
        "transparency/dashboard.html",
        {
            "summary": summary,
            "tables": tables,
            "charts": chart_data(tables),
            "params": params,
            "query": urlencode(params.query()),
            "error": error,
            "regions": sorted(ref.regions.items(), key=lambda item: item[1]),
            "years": stats_years(),
            "channels": CHANNELS,
            "tiles": tile_map(summary["by_kab_kota"], ref.regions, joined_kab_kota_codes()),
        },
        status=400 if error else 200,
    )


@require_GET
def download(request: HttpRequest, table: str, extension: str) -> HttpResponseBase:
    if table not in TABLES:
        raise Http404
    ref = stats_reference()
    try:
        params = parse_stats_params(request.GET, regions=ref.regions)
    except DomainError as refused:
        raise BadRequest(refused.message) from refused  # the 400 page
    built = TABLES[table](stats_summary(params=params, ref=ref))
    headers = [column.title for column in built.columns]
    response: HttpResponseBase
    if extension == "csv":
        response = StreamingHttpResponse(
            csv_lines(headers, built.rows), content_type=CSV_CONTENT_TYPE
        )
    else:
        widths = [40 if column.kind == "text" else 18 for column in built.columns]
        content = xlsx_bytes(title=built.title, widths=widths, headers=headers, rows=built.rows)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(built, params, extension)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(table: StatsTable, params: StatsParams, extension: str) -> str:
    parts = ["blangkon", table.key, params.channel, str(params.year or "semua")]
    if params.kab_kota:
        parts.append(params.kab_kota)
    parts.append(timezone.localdate().isoformat())
    return "-".join(parts) + f".{extension}"
