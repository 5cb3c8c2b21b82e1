from django.urls import path

from blangkon.orders import negotiation_views, order_list_views, order_views, receiving_views

app_name = "order"
urlpatterns = [
    path("checkout/<int:vendor_id>/", order_views.checkout, name="checkout"),
    path("", order_list_views.order_list, name="list"),
    path("tanda/", order_list_views.order_flags, name="flags"),
    path("<int:order_id>/", order_views.detail, name="detail"),
    path("<int:order_id>/negosiasi/", negotiation_views.negotiation, name="negotiation"),
    path("<int:order_id>/penerima/", receiving_views.receiver, name="receiver"),
    path("<int:order_id>/terima/", receiving_views.inspect, name="inspect"),
    path("<int:order_id>/surat-pesanan/", order_views.surat_pesanan, name="surat-pesanan"),
    path("<int:order_id>/bast/", order_views.bast, name="bast"),
    path("<int:order_id>/cara-bayar/", order_views.payment_channel, name="payment-channel"),
] + [
    path(f"<int:order_id>/{action}/", view, name=action)
    for action, view in order_views.ACTION_VIEWS.items()
]
