from django.urls import path

from blangkon.transparency import opendata_views

app_name = "opendata"

urlpatterns = [
    path("", opendata_views.index, name="index"),
    path("unduh/<str:name>", opendata_views.download, name="download"),
    path("terbitkan/", opendata_views.publish, name="publish"),
]
