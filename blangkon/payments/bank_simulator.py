"""The simulated bank paying a virtual account, for the demo page, the
`simulate_bank_payment` command and tests.

It does what the bank does: it builds the message, signs it with the shared
secret and hands the raw body and headers to the callback, which verifies the
signature as it does for any message. Nothing here bypasses a check."""

import datetime

from blangkon.payments.banks import simulator
from blangkon.payments.models import VirtualAccount
from blangkon.payments.va_services import CallbackAnswer, bank_callback


def simulate_payment(
    va_number: str,
    *,
    amount: int | None = None,
    message_id: str | None = None,
    paid_at: datetime.datetime | None = None,
) -> CallbackAnswer:
    """Pay `va_number` at the simulated bank; its amount unless `amount` is given.
    The bank knows the amounts of the numbers it issued (here: the VA rows)."""
    bank = simulator()
    va_number = va_number.strip()
    if amount is None:
        issued = VirtualAccount.objects.filter(number=va_number, bank=bank.code).first()
        amount = issued.amount if issued else 1
    body = bank.payment_message(
        va_number=va_number, amount=amount, message_id=message_id, paid_at=paid_at
    )
    return bank_callback(raw_body=body, headers=bank.signed_headers(body))
