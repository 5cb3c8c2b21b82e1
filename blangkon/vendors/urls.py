from django.urls import path

from blangkon.vendors.views import public, registration, training, verification

app_name = "vendors"

urlpatterns = [
    path("daftar/", registration.register, name="register"),
    path(
        "daftar/<int:vendor_id>/dokumen/unggah/",
        registration.document_upload,
        name="document-upload",
    ),
    path(
        "daftar/<int:vendor_id>/dokumen/sertifikat/",
        registration.certificate_add,
        name="certificate-add",
    ),
    path("daftar/<int:vendor_id>/<slug:step>/", registration.register_step, name="register-step"),
    path("daftar-bantuan/", registration.register_assisted, name="register-assisted"),
    path("konfirmasi/<str:token>/", registration.owner_confirm, name="owner-confirm"),
    path("saya/", registration.dashboard, name="dashboard"),
    path("dampingan/", registration.assisted_list, name="assisted-list"),
    path(
        "dampingan/<int:vendor_id>/kirim-ulang/",
        registration.owner_link_resend,
        name="owner-link-resend",
    ),
    path("verifikasi/", verification.queue, name="verification-queue"),
    path("verifikasi/<int:vendor_id>/", verification.detail, name="verification-detail"),
    path(
        "verifikasi/<int:vendor_id>/<slug:action>/",
        verification.action,
        name="verification-action",
    ),
    path("pelatihan/", training.training_list, name="training-list"),
    path("pelatihan/<int:event_id>/", training.training_detail, name="training-detail"),
    path("<int:vendor_id>/toko/", public.storefront, name="storefront"),
]
