from django.urls import path

from blangkon.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/baca/", views.notification_read, name="read"),
    path("baca-semua/", views.notification_read_all, name="read-all"),
    path("pengaturan/", views.preference, name="preference"),
]
