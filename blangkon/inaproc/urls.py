from django.urls import path

from blangkon.inaproc import views

app_name = "inaproc"
urlpatterns = [
    path("impor/", views.package_import, name="import"),
    path("satker/", views.satker_list, name="satkers"),
    path("satker/<int:satker_id>/petakan/", views.satker_map, name="satker-map"),
]
