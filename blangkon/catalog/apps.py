from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "blangkon.catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        # Defines the catalog's machines, so every started process knows them.
        from blangkon.catalog import receivers, transitions  # noqa: F401
        from blangkon.catalog.product_selectors import is_live_product_image
        from blangkon.documents import readers
        from blangkon.documents.models import DocumentKind
        from blangkon.vendors.access import verifies_file_owner

        # documents sits below catalog: it asks the owner of a kind who may read it.
        readers.register_kind(
            DocumentKind.PRODUCT_IMAGE,
            may_read=verifies_file_owner,
            is_public=is_live_product_image,
        )
        # A bulk upload file is read by its vendor's members (and pendamping) only.
        readers.register_kind(DocumentKind.BULK_UPLOAD)

        receivers.connect()
