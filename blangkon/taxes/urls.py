from django.urls import path

from blangkon.taxes import views

app_name = "taxes"
urlpatterns = [
    path("simulasi/", views.tax_preview, name="preview"),
]
