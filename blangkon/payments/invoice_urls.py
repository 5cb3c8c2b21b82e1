"""The invoice of an order, under the order's address (/pesanan/<id>/tagihan/):
the order page links to these by name, so orders never import payments."""

from django.urls import path

from blangkon.payments import invoice_views

app_name = "invoice"
urlpatterns = [
    path("", invoice_views.invoice_detail, name="detail"),
    path("terbitkan/", invoice_views.invoice_issue_page, name="issue"),
]
