"""Check the audit log's hash chain (ADR 0018): every row against its content,
the row before it and the chain's head. Exits 1 when the chain is broken,
after naming each break (first ones first). Runs daily through the
scheduler too (audit.verify_chain)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from blangkon.audit.verification import KEPT_BREAKS, audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 naming changed, inserted or deleted rows."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_chain_verify()
        self.stdout.write(
            f"Checked {result.rows:,} audit rows in {result.seconds:.2f} s"
            f" ({result.rows_per_second:,.0f} rows/s)."
        )
        if result.head is not None:
            # Written down elsewhere, this pins the log as it is today.
            self.stdout.write(f"Chain head: position {result.head.seq}, hash {result.head.hash}")
        if result.intact:
            self.stdout.write(self.style.SUCCESS("The audit log's hash chain is intact."))
            return
        for found in result.breaks:
            self.stdout.write(self.style.ERROR(f"Break ({found.kind}): {found.message}"))
        if result.break_count > KEPT_BREAKS:
            self.stdout.write(f"… and {result.break_count - KEPT_BREAKS:,} more.")
        raise CommandError(
            f"The audit log's hash chain is broken in {result.break_count:,} place(s).",
            returncode=1,
        )
