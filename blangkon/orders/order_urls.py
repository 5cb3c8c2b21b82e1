from django.urls import path

from blangkon.orders import negotiation_views, order_views, receiving_views

app_name = "order"
urlpatterns = [
    path("<int:order_id>/", order_views.detail, name="detail"),
    path("<int:order_id>/negosiasi/", negotiation_views.negotiation, name="negotiation"),
    path("<int:order_id>/penerima/", receiving_views.receiver, name="receiver"),
    path("<int:order_id>/terima/", receiving_views.inspect, name="inspect"),
]
