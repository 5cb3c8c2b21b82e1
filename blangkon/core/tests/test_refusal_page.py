"""The 403 page: our own refusal says why and who may; any other says no more."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation

from blangkon.core.errors import Forbidden
from blangkon.core.views import permission_denied

GENERAL = "You do not have access to this page."


@pytest.mark.parametrize(
    ("exception", "shown"),
    [
        (PermissionDenied(), GENERAL),
        (Forbidden(), GENERAL),  # "You may not do this." says less than the page's own
        (Forbidden("Only the owner signs this."), "Only the owner signs this."),
    ],
)
def test_the_403_page_shows_a_refusal_that_says_why(
    db: None, exception: Exception, shown: str
) -> None:
    request = RequestFactory().get("/penyedia/daftar/1/usaha/")
    request.user = AnonymousUser()
    with translation.override("en"):
        response = permission_denied(request, exception)
    assert response.status_code == 403
    page = response.content.decode()
    assert shown in page
    if shown != GENERAL:
        assert GENERAL not in page
