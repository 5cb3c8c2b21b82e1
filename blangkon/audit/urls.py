from django.urls import path

from blangkon.audit import views

app_name = "audit"
urlpatterns = [path("", views.audit_list, name="list")]
