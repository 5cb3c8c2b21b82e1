from django.urls import path

from blangkon.ratings import rating_views

app_name = "rating"
urlpatterns = [
    path("<int:order_id>/nilai/", rating_views.order_rating, name="order"),
    path("<int:order_id>/nilai/balasan/", rating_views.reply, name="reply"),
]
