from django.urls import path

from blangkon.payments import va_views

app_name = "va"

urlpatterns = [
    path("pesanan/<int:order_id>/va/", va_views.order_va, name="order-va"),
    path("simulator-bank/", va_views.bank_simulator, name="bank-simulator"),
]
