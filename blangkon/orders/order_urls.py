from django.urls import path

from blangkon.orders import negotiation_views, order_list_views, order_views, receiving_views

app_name = "order"
urlpatterns = [
    path("", order_list_views.order_list, name="list"),
    path("tanda/", order_list_views.order_flags, name="flags"),
    path("<int:order_id>/", order_views.detail, name="detail"),
    path("<int:order_id>/negosiasi/", negotiation_views.negotiation, name="negotiation"),
    path("<int:order_id>/penerima/", receiving_views.receiver, name="receiver"),
    path("<int:order_id>/terima/", receiving_views.inspect, name="inspect"),
]
