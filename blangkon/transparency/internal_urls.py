from django.urls import path

from blangkon.transparency import internal_views

app_name = "dashboard"

urlpatterns = [
    path("", internal_views.home, name="home"),
    path("pemda/<int:pemda_id>/", internal_views.pemda, name="pemda"),
    path("opd/<int:opd_id>/", internal_views.opd, name="opd"),
    path("penyedia/<int:vendor_id>/", internal_views.vendor, name="vendor"),
]
