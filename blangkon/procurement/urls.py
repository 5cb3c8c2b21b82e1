from django.urls import path

from blangkon.procurement import views

app_name = "procurement"
urlpatterns = [
    path("", views.rule_list, name="rules"),
    path("tambah/", views.rule_create, name="rule-create"),
    path("<int:rule_id>/hapus/", views.rule_delete, name="rule-delete"),
    path("hari-libur/", views.holiday_list, name="holidays"),
    path("hari-libur/tambah/", views.holiday_add, name="holiday-add"),
    path("hari-libur/<int:holiday_id>/hapus/", views.holiday_remove, name="holiday-remove"),
    path("hari-libur/<int:holiday_id>/pulihkan/", views.holiday_restore, name="holiday-restore"),
]
