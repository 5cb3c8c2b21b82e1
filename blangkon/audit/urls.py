from django.urls import path

from blangkon.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("ekspor.csv", views.audit_export_csv, name="export-csv"),
    path("ekspor.xlsx", views.audit_export_xlsx, name="export-xlsx"),
]
