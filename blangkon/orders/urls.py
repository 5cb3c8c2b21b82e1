from django.urls import path

from blangkon.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.cart, name="cart"),
    path("tambah/", views.cart_add, name="cart-add"),
    path("baris/<int:line_id>/ubah/", views.cart_line_update, name="cart-line-update"),
    path("baris/<int:line_id>/hapus/", views.cart_line_remove, name="cart-line-remove"),
    path("penyedia/<int:vendor_id>/kosongkan/", views.cart_clear_vendor, name="cart-clear-vendor"),
]
