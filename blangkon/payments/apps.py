from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "blangkon.payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from blangkon.documents import readers
        from blangkon.documents.models import DocumentKind
        from blangkon.payments.payment_selectors import proof_readable

        # documents sits below payments: it asks who may read a proof of payment.
        readers.register_kind(DocumentKind.PAYMENT_PROOF, may_read=proof_readable)
