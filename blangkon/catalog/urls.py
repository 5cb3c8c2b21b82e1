from django.urls import path

from blangkon.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.landing, name="landing"),
    # The vendor's own products.
    path("produk/saya/", views.my_products, name="my-products"),
    path("produk/saya/baru/", views.product_create, name="product-create"),
    path("produk/saya/satuan/", views.unit_options, name="unit-options"),
    path("produk/saya/<int:product_id>/", views.my_product, name="my-product"),
    path("produk/saya/<int:product_id>/ubah/", views.product_edit, name="product-edit"),
    path("produk/saya/<int:product_id>/ajukan/", views.product_submit, name="product-submit"),
    path(
        "produk/saya/<int:product_id>/turunkan/",
        views.product_take_down,
        name="product-take-down",
    ),
    path(
        "produk/saya/<int:product_id>/gambar/",
        views.product_image_add,
        name="product-image-add",
    ),
    path(
        "produk/saya/<int:product_id>/gambar/<int:image_id>/hapus/",
        views.product_image_remove,
        name="product-image-remove",
    ),
    # Curation (kab/kota and province admins).
    path("produk/kurasi/", views.curation_queue, name="curation-queue"),
    path("produk/kurasi/setujui/", views.curation_bulk_approve, name="curation-bulk-approve"),
    path("produk/kurasi/<int:product_id>/", views.curation_detail, name="curation-detail"),
    path(
        "produk/kurasi/<int:product_id>/setujui/",
        views.curation_approve,
        name="curation-approve",
    ),
    path(
        "produk/kurasi/<int:product_id>/revisi/",
        views.curation_request_revision,
        name="curation-request-revision",
    ),
    path("produk/kurasi/<int:product_id>/tolak/", views.curation_reject, name="curation-reject"),
    path(
        "produk/kurasi/<int:product_id>/perubahan/tolak/",
        views.curation_change_reject,
        name="curation-change-reject",
    ),
    path(
        "produk/kurasi/<int:product_id>/turunkan/",
        views.curation_take_down,
        name="curation-take-down",
    ),
    # The public product page.
    path("produk/<int:product_id>/", views.product_detail, name="product-detail"),
]
