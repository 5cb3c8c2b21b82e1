"""The order's documents as PDFs for its readers, and the public verification
page. Thin: a selector, then a response."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from blangkon.accounts.models import User
from blangkon.paperwork import selectors
from blangkon.paperwork.forms import CheckForm
from blangkon.paperwork.models import SLUGS


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_GET
def document_pdf(request: HttpRequest, order_id: int, kind: str) -> HttpResponse:
    """GET /pesanan/<id>/dokumen/<kind>.pdf: the issued PDF, to the order's
    readers; 404 to anyone else and for a document the order does not have."""
    document = selectors.document_for_reader(_user(request), order_id, selectors.kind_of_slug(kind))
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    name = f"{SLUGS[document.kind]}-{document.number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever a PDF viewer does, the document runs with no scripts or forms.
    response["Content-Security-Policy"] = "sandbox"
    response["X-Document-SHA256"] = document.sha256
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """GET /verifikasi/<code>/: public, no login. The document's kind, number,
    date, SHA-256, the order's status now and non-personal facts; a copy sent
    with POST (the file or its hash) is compared with it. 404 for an unknown
    code, the same for every code."""
    verification = selectors.verification_get(code)
    posted = request.method == "POST"
    form = CheckForm(request.POST, request.FILES) if posted else CheckForm()
    matches = None
    if posted and form.is_valid():
        upload = form.cleaned_data.get("document")
        given = (
            selectors.sha256_of(upload)
            if upload is not None
            else form.cleaned_data["sha256"].strip().lower()
        )
        matches = given == verification.document.sha256
    # A copy that does not match, or a form sent empty, is an answer on the
    # page (200), not a refusal: the check changes nothing.
    context = {
        "verification": verification,
        "document": verification.document,
        "facts": verification.document.facts,
        "form": form,
        "matches": matches,
    }
    return render(request, "paperwork/verify.html", context)
