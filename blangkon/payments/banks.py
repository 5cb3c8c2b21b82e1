"""The bank behind virtual accounts (docs/design/paying.md, section 4; ADR 0028).

A bank does two things for Blangkon: it issues a virtual-account number for an
amount, and it later tells us, in a signed message, that the number was paid.
`BankAdapter` is that contract; `bank()` returns the adapter the settings name
(`BANK_ADAPTER`). A real bank is one class more, registered in ADAPTERS.

The only adapter today is the simulator, for demos and tests. It signs its
messages as a bank's webhook does:

- the body is JSON: {"message_id", "va_number", "amount", "paid_at", "bank"};
- `X-Bank-Timestamp` is the sending time in Unix seconds;
- `X-Bank-Signature` is `sha256=<hex>`, the HMAC-SHA256 with the shared secret
  (`BANK_SIMULATOR_SECRET`) of `<timestamp>.` followed by the raw body.

Verifying checks the signature in constant time before reading anything else,
then refuses a timestamp further than BANK_CALLBACK_MAX_AGE_SECONDS from now
(a captured message sent again later), then parses the body.
"""

import datetime
import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.orders.models import Order
from blangkon.payments.models import CallbackOutcome

SIGNATURE_HEADER = "X-Bank-Signature"
TIMESTAMP_HEADER = "X-Bank-Timestamp"
_SIGNATURE = re.compile(r"sha256=([0-9a-f]{64})")
_VA_NUMBER = re.compile(r"[0-9]{8,24}")
MESSAGE_ID_MAX = 64


@dataclass(frozen=True)
class CallbackMessage:
    """A bank's verified statement that a virtual account was paid."""

    bank: str
    message_id: str
    va_number: str
    amount: int
    paid_at: datetime.datetime
    signature: str


@dataclass
class CallbackRefused(Exception):
    """A message that is not a verified, well-formed payment. `claimed` holds
    what the body said (unverified, for the log only)."""

    outcome: str
    code: str
    message: str
    claimed: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class BankAdapter(Protocol):
    """What Blangkon needs from a bank that issues virtual accounts."""

    # The bank's code, as its messages and VirtualAccount.bank name it (≤ 20 characters).
    code: str

    def issue_va(self, order: Order, amount: int, expires_at: datetime.datetime) -> str:
        """A new VA number for paying `amount` for `order` until `expires_at`."""
        ...

    def verify(self, raw_body: bytes, headers: Mapping[str, str]) -> CallbackMessage:
        """The message of a callback, or CallbackRefused (bad signature, too
        old, malformed). `headers` are the request's, matched without case."""
        ...


# --- the simulator ------------------------------------------------------------------


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of `digits` (the one card and VA numbers end with)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return len(number) > 1 and number.isdigit() and luhn_digit(number[:-1]) == number[-1]


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return str(value).strip()
    return ""


def _claimed(raw_body: bytes) -> dict[str, Any]:
    """What an unverified body says, cut to the log's column sizes; {} when it is not JSON."""
    try:
        data = json.loads(raw_body)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    claimed: dict[str, Any] = {}
    for key, size in (("bank", 20), ("message_id", MESSAGE_ID_MAX), ("va_number", 24)):
        if isinstance(data.get(key), str):
            claimed[key] = data[key][:size]
    amount = data.get("amount")
    if isinstance(amount, int) and not isinstance(amount, bool) and abs(amount) < 2**63:
        claimed["amount"] = amount
    return claimed


class SimulatorBank:
    """A bank for demos and tests, with the security of a real one: VA numbers
    nobody can guess, and callbacks signed with a shared secret."""

    code = "simulator"
    # Like a bank's company code, so the numbers read as this bank's.
    prefix = "8808"
    # Random digits after the prefix: 10^11 numbers, so a live one cannot be
    # found by trying; the last digit is a Luhn check digit against typos.
    random_digits = 11

    def __init__(self, secret: str | None = None) -> None:
        self.secret = settings.BANK_SIMULATOR_SECRET if secret is None else secret

    # --- the bank's side: issuing and paying -----------------------------------------

    def issue_va(self, order: Order, amount: int, expires_at: datetime.datetime) -> str:
        body = self.prefix + "".join(
            str(secrets.randbelow(10)) for _digit in range(self.random_digits)
        )
        return body + luhn_digit(body)

    def signature(self, raw_body: bytes, timestamp: str) -> str:
        signed = timestamp.encode() + b"." + raw_body
        return hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()

    def signed_headers(self, raw_body: bytes, timestamp: int | None = None) -> dict[str, str]:
        sent = str(int(time.time()) if timestamp is None else timestamp)
        return {
            TIMESTAMP_HEADER: sent,
            SIGNATURE_HEADER: f"sha256={self.signature(raw_body, sent)}",
        }

    def payment_message(
        self,
        *,
        va_number: str,
        amount: int,
        message_id: str | None = None,
        paid_at: datetime.datetime | None = None,
    ) -> bytes:
        """The body the bank sends when `va_number` is paid."""
        return json.dumps(
            {
                "message_id": message_id or uuid.uuid4().hex,
                "va_number": va_number,
                "amount": amount,
                "paid_at": (paid_at or timezone.now()).isoformat(),
                "bank": self.code,
            }
        ).encode()

    # --- Blangkon's side: verifying ----------------------------------------------------

    def verify(self, raw_body: bytes, headers: Mapping[str, str]) -> CallbackMessage:
        claimed = _claimed(raw_body)
        signature = self._authentic(raw_body, headers, claimed)
        return self._parsed(raw_body, signature, claimed)

    def _authentic(self, raw_body: bytes, headers: Mapping[str, str], claimed: dict) -> str:
        """The signature, when it is the bank's and recent; else CallbackRefused."""
        given = _header(headers, SIGNATURE_HEADER)
        claimed["signature"] = given[:128]
        timestamp = _header(headers, TIMESTAMP_HEADER)
        match = _SIGNATURE.fullmatch(given)
        # Without a secret nothing can be verified, so nothing is accepted.
        if not (self.secret and match and timestamp.isdigit() and len(timestamp) <= 12):
            raise _bad_signature(claimed)
        if not hmac.compare_digest(match.group(1), self.signature(raw_body, timestamp)):
            raise _bad_signature(claimed)
        if abs(time.time() - int(timestamp)) > settings.BANK_CALLBACK_MAX_AGE_SECONDS:
            raise CallbackRefused(
                CallbackOutcome.REPLAY,
                "stale_message",
                _("The message's timestamp is too old (or too far ahead); send it newly signed."),
                claimed,
            )
        return given

    def _parsed(self, raw_body: bytes, signature: str, claimed: dict) -> CallbackMessage:
        try:
            data = json.loads(raw_body)
        except ValueError:
            raise _malformed(claimed) from None
        if not isinstance(data, dict):
            raise _malformed(claimed)
        message_id, va_number = data.get("message_id"), data.get("va_number")
        amount, paid_at = data.get("amount"), data.get("paid_at")
        if not (
            data.get("bank") == self.code
            and isinstance(message_id, str)
            and 0 < len(message_id) <= MESSAGE_ID_MAX
            and isinstance(va_number, str)
            and _VA_NUMBER.fullmatch(va_number)
            and isinstance(amount, int)
            and not isinstance(amount, bool)
            and 0 < amount < 2**63
            and isinstance(paid_at, str)
        ):
            raise _malformed(claimed)
        try:
            when = datetime.datetime.fromisoformat(paid_at)
        except ValueError:
            raise _malformed(claimed) from None
        if when.tzinfo is None:
            raise _malformed(claimed)
        return CallbackMessage(self.code, message_id, va_number, amount, when, signature)


def _bad_signature(claimed: dict[str, Any]) -> CallbackRefused:
    return CallbackRefused(
        CallbackOutcome.BAD_SIGNATURE,
        "bad_signature",
        _("The message is not signed by the bank."),
        claimed,
    )


def _malformed(claimed: dict[str, Any]) -> CallbackRefused:
    return CallbackRefused(
        CallbackOutcome.MALFORMED,
        "malformed",
        _(
            "The message must be a JSON object with message_id, va_number, amount "
            "(whole rupiah), paid_at (ISO 8601 with a time zone) and bank."
        ),
        claimed,
    )


ADAPTERS: dict[str, type[SimulatorBank]] = {"simulator": SimulatorBank}


def bank() -> BankAdapter:
    """The adapter the settings name (BANK_ADAPTER)."""
    return ADAPTERS[settings.BANK_ADAPTER]()


def simulator() -> SimulatorBank:
    """The simulator, for the demo page, the management command and tests."""
    return SimulatorBank()
