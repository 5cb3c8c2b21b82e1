from django.urls import include, path
from django.views.i18n import set_language

from blangkon.api.api import api
from blangkon.core.views import style_guide

urlpatterns = [
    path("", include("blangkon.catalog.urls")),
    path("produk/", include("blangkon.catalog.bulk_urls")),
    path("katalog/", include("blangkon.search.urls")),
    path("akun/", include("blangkon.accounts.urls")),
    path("penyedia/", include("blangkon.vendors.urls")),
    path("berkas/", include("blangkon.documents.urls")),
    path("audit/", include("blangkon.audit.urls")),
    path("aturan/", include("blangkon.procurement.urls")),
    path("keranjang/", include("blangkon.orders.urls")),
    path("pesanan/", include("blangkon.orders.order_urls")),
    # /pesanan/<id>/dokumen/<kind>.pdf and the public /verifikasi/<code>/.
    path("", include("blangkon.paperwork.urls")),
    path("bendahara/", include("blangkon.payments.books_urls")),
    path("pesanan/", include("blangkon.payments.payment_urls")),
    path("pesanan/<int:order_id>/tagihan/", include("blangkon.payments.invoice_urls")),
    path("pesanan/", include("blangkon.ratings.rating_urls")),
    path("notifikasi/", include("blangkon.notifications.urls")),
    path("pajak/", include("blangkon.taxes.urls")),
    path("transparansi/", include("blangkon.transparency.urls")),
    path("inaproc/", include("blangkon.inaproc.urls")),
    path("dasbor/", include("blangkon.transparency.internal_urls")),
    path("open-data/", include("blangkon.transparency.opendata_urls")),
    path("indikator/", include("blangkon.red_flags.urls")),
    path("pembayaran/", include("blangkon.payments.va_urls")),
    path("bahasa/", set_language, name="set_language"),
    path("gaya/", style_guide, name="style-guide"),
    path("api/v1/", api.urls),
]

handler400 = "blangkon.core.views.bad_request"
handler403 = "blangkon.core.views.permission_denied"
handler404 = "blangkon.core.views.page_not_found"
handler500 = "blangkon.core.views.server_error"
