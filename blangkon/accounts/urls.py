from django.contrib.auth import views as auth_views
from django.urls import path

from blangkon.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("masuk/tautan/", views.login_link_request, name="login-link"),
    path("masuk/tautan/terkirim/", views.login_link_sent, name="login-link-sent"),
    path("masuk/tautan/<str:token>/", views.login_link_open, name="login-link-open"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "atur-sandi/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "atur-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("beranda/", views.home, name="home"),
    path("sandi/ubah/", views.password_change, name="password-change"),
    path("token-api/", views.api_tokens, name="api-tokens"),
    path("token-api/<int:token_id>/cabut/", views.api_token_revoke, name="api-token-revoke"),
    path("opd/", views.opd_list, name="opd-list"),
    path("opd/<int:opd_id>/", views.opd_detail, name="opd-detail"),
    path("opd/<int:opd_id>/alamat/tambah/", views.address_add, name="address-add"),
    path("pemda/", views.pemda_list, name="pemda-list"),
    path("pemda/<int:pemda_id>/opd/tambah/", views.opd_create, name="opd-create"),
    path("pemda/<int:pemda_id>/bergabung/", views.pemda_joined, name="pemda-joined"),
    path(
        "organisasi/<int:organisation_id>/pengguna/tambah/",
        views.user_create,
        name="user-create",
    ),
    path(
        "pengguna/<int:user_id>/nonaktifkan/",
        views.user_deactivate,
        name="user-deactivate",
    ),
]
