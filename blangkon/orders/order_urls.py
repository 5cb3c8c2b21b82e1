from django.urls import path

from blangkon.orders import order_views

app_name = "order"
urlpatterns = [
    path("<int:order_id>/", order_views.detail, name="detail"),
]
