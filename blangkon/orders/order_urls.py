from django.urls import path

from blangkon.orders import order_list_views, order_views

app_name = "order"
urlpatterns = [
    path("", order_list_views.order_list, name="list"),
    path("tanda/", order_list_views.order_flags, name="flags"),
    path("<int:order_id>/", order_views.detail, name="detail"),
]
