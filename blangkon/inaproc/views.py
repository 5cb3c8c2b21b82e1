"""The admins' INAPROC pages: the province admin uploads a file of packages;
kab/kota admins and the province admin map the satkers of theirs that matched
no OPD. Everyone else is told the pages do not exist (404). Thin: check, call
one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blangkon.accounts.access import is_province_admin
from blangkon.accounts.models import User
from blangkon.accounts.roles import Role
from blangkon.core.errors import DomainError, NotFound
from blangkon.core.http import client_ip
from blangkon.inaproc import selectors, services
from blangkon.inaproc.forms import PackageFileForm, SatkerMapForm
from blangkon.inaproc.records import PackageFileError, json_load
from blangkon.inaproc.services import ImportResult

MAPPERS = frozenset({Role.PROVINCE_ADMIN, Role.KAB_KOTA_ADMIN})


def _mapper(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active or user.role not in MAPPERS:
        raise NotFound
    return user


def _import_page(
    request: HttpRequest,
    form: PackageFileForm,
    result: ImportResult | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(request, "inaproc/import.html", {"form": form, "result": result}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def package_import(request: HttpRequest) -> HttpResponse:
    if not is_province_admin(request.user):
        raise NotFound
    actor = request.user
    assert isinstance(actor, User)
    if request.method == "GET":
        return _import_page(request, PackageFileForm())
    form = PackageFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = services.packages_import(
            json_load(upload.read()),
            actor=actor,
            source=upload.name,
            ip_address=client_ip(request),
        )
    except PackageFileError as error:
        form.add_error(None, str(error.message))
        for problem in error.problems:
            form.add_error("file", problem)
        return _import_page(request, form, status=400)
    return _import_page(request, PackageFileForm(), result)


@login_required
@require_GET
def satker_list(request: HttpRequest) -> HttpResponse:
    user = _mapper(request)
    satkers = list(selectors.unmatched_satkers(user))
    opds = selectors.opd_choices(satkers)
    rows = [(satker, opds.get(satker.region_id or "", [])) for satker in satkers]
    return render(
        request,
        "inaproc/satkers.html",
        {"rows": rows, "may_import": is_province_admin(user)},
    )


@login_required
@require_POST
def satker_map(request: HttpRequest, satker_id: int) -> HttpResponse:
    actor = _mapper(request)
    form = SatkerMapForm(request.POST)
    if not form.is_valid():
        # Still a 404 for a satker the actor may not map, whatever the form.
        if not selectors.mappable_satkers(actor).filter(pk=satker_id).exists():
            raise NotFound
        messages.error(request, _("Choose an OPD for the work unit."))
        return redirect("inaproc:satkers")
    try:
        satker = services.satker_map(
            actor=actor,
            satker_id=satker_id,
            opd_id=form.cleaned_data["opd"],
            ip_address=client_ip(request),
        )
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, " ".join(str(m) for m in error.fields.values()) or error.message)
        return redirect("inaproc:satkers")
    messages.success(
        request,
        _("%(satker)s is now counted under %(opd)s.")
        % {"satker": satker.nama_satker, "opd": satker.opd},
    )
    return redirect("inaproc:satkers")
