from django.urls import path

from blangkon.red_flags import views

app_name = "red_flags"
urlpatterns = [
    path("", views.flag_list, name="list"),
    path("<int:flag_id>/", views.flag_detail, name="detail"),
    path("<int:flag_id>/tinjau/", views.flag_review, name="review"),
]
