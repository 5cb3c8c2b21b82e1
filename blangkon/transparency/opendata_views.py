"""The open-data page /open-data/ (no login): the register's bulk files with
their generation time, rows, size and SHA-256, the other open endpoints, and
the publication policy; the files themselves; and the province admin's button
that writes them again now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blangkon.accounts.access import is_province_admin
from blangkon.core.http import client_ip
from blangkon.transparency.opendata import published_file_get, published_files
from blangkon.transparency.register_files import LICENCE_URL
from blangkon.transparency.services import opendata_publish_request

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "transparency/open_data.html",
        {
            "files": published_files(),
            "licence_url": LICENCE_URL,
            "may_publish": is_province_admin(request.user),
        },
    )


@require_GET
def download(request: HttpRequest, name: str) -> FileResponse:
    found = published_file_get(name)
    if found is None:
        raise Http404
    published, path = found
    response = FileResponse(
        path.open("rb"),
        content_type=CONTENT_TYPES[published.format],
        as_attachment=True,
        filename=published.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    opendata_publish_request(actor=request.user, ip_address=client_ip(request))
    messages.success(
        request, _("The open-data files are being written; they appear here when done.")
    )
    return redirect("opendata:index")
