from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500, urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail")


urlpatterns = [*urlpatterns, path("boom/", boom), path("api/v1/boom/", boom)]
__all__ = ["handler500", "urlpatterns"]
