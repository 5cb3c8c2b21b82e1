from django.urls import path

from blangkon.search import views

app_name = "search"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("saran/", views.suggest, name="suggest"),
    path("bandingkan/", views.compare, name="compare"),
    path("sinonim/", views.synonym_list, name="synonyms"),
    path("sinonim/<int:synonym_id>/hapus/", views.synonym_delete, name="synonym-delete"),
]
