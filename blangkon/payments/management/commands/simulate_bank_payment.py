"""Pay a virtual account as the simulated bank would, for scripts and the demo:
`manage.py simulate_bank_payment <va_number> [--amount N] [--message-id ID]`.

The message is signed and goes through the callback's verification like any
bank message. Exits with an error when the bank's message was refused."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blangkon.payments.bank_simulator import simulate_payment


class Command(BaseCommand):
    help = "Pay a virtual account number through the bank simulator's signed callback."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("va_number")
        parser.add_argument("--amount", type=int, help="Whole rupiah (default: the VA's amount).")
        parser.add_argument("--message-id", help="The bank's message id (default: a new one).")

    def handle(self, *args: Any, **options: Any) -> None:
        answer = simulate_payment(
            options["va_number"], amount=options["amount"], message_id=options["message_id"]
        )
        line = f"{answer.outcome}: {answer.message}"
        if answer.status != 200:
            raise CommandError(line)
        self.stdout.write(line)
