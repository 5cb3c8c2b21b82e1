from django.urls import path

from blangkon.documents import views

app_name = "documents"
urlpatterns = [
    path("<uuid:file_id>/", views.file_view, name="file"),
]
