from django.urls import path

from blangkon.payments import payment_views

app_name = "payment"
urlpatterns = [
    path("<int:order_id>/pembayaran/", payment_views.pay, name="pay"),
    path("<int:order_id>/dana-diterima/", payment_views.complete, name="complete"),
]
