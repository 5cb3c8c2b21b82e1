from django.urls import path

from blangkon.transparency import register_views, views

app_name = "transparency"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("unduh/<slug:table>.csv", views.download, {"extension": "csv"}, name="download-csv"),
    path("transaksi/", register_views.register, name="register"),
    path(
        "transaksi/unduh.csv",
        register_views.register_download,
        {"extension": "csv"},
        name="register-csv",
    ),
    path(
        "transaksi/unduh.xlsx",
        register_views.register_download,
        {"extension": "xlsx"},
        name="register-xlsx",
    ),
    path("unduh/<slug:table>.xlsx", views.download, {"extension": "xlsx"}, name="download-xlsx"),
]
