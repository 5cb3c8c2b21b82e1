from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "blangkon.vendors"

    def ready(self) -> None:
        from blangkon.documents import readers
        from blangkon.documents.validation import VENDOR_DOCUMENT_KINDS

        # Defines the vendor machine, so every started process knows it.
        from blangkon.vendors import transitions  # noqa: F401
        from blangkon.vendors.access import (
            member_reads_vendor_file,
            organisations_acted_for,
            verifies_file_owner,
        )

        # documents sits below vendors: it asks the owner of a kind who may read it.
        for kind in VENDOR_DOCUMENT_KINDS:
            readers.register_kind(
                kind, may_read=verifies_file_owner, member_may_read=member_reads_vendor_file
            )
        readers.register_acting_for(organisations_acted_for)
