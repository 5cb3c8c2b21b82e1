from django.urls import path

from blangkon.paperwork import views

app_name = "paperwork"
urlpatterns = [
    path(
        "pesanan/<int:order_id>/dokumen/<slug:kind>.pdf",
        views.document_pdf,
        name="document",
    ),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]
