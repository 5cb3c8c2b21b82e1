from django.urls import path

from blangkon.transparency import views

app_name = "transparency"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("unduh/<slug:table>.csv", views.download, {"extension": "csv"}, name="download-csv"),
    path("unduh/<slug:table>.xlsx", views.download, {"extension": "xlsx"}, name="download-xlsx"),
]
