from django.urls import path

from blangkon.orders import order_views

app_name = "order"
urlpatterns = [
    path("<int:order_id>/", order_views.detail, name="detail"),
]

# Negotiation of a draft order (orders/negotiation_views.py).
from blangkon.orders import negotiation_views  # noqa: E402

urlpatterns += [
    path("<int:order_id>/negosiasi/", negotiation_views.negotiation, name="negotiation"),
]
