from django.urls import path

from blangkon.catalog import views

app_name = "catalog"
urlpatterns = [path("", views.landing, name="landing")]
