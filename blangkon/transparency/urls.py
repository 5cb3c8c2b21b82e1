from django.urls import path, re_path

from blangkon.transparency import views

app_name = "transparency"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^unduh/(?P<key>[a-z_]+)\.(?P<extension>csv|xlsx)$", views.download, name="download"),
]
