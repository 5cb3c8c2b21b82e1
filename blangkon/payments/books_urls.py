"""The bendahara's books, under /bendahara/."""

from django.urls import path

from blangkon.payments import books_views as views

app_name = "books"

urlpatterns = [
    path("", views.books_home, name="home"),
    path("<int:opd_id>/tagihan/", views.books_due, name="due"),
    path("<int:opd_id>/pajak/", views.books_withholding, name="withholding"),
    path("<int:opd_id>/pajak/xlsx/", views.books_withholding_xlsx, name="withholding-xlsx"),
]
