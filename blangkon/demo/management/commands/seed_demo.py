"""manage.py seed_demo --scale small|seed|large [--if-empty]

Loads deterministic demo data into an empty database and lists the demo
accounts. Bulk loading, not user action: it writes no audit rows, except for
the small scale's demo orders, which the demo accounts make through the order
services (seeders/order_journeys.py) and which are audited like any user's.
"""

import time
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from blangkon.accounts.models import Organisation
from blangkon.core.db_roles import analyze
from blangkon.demo.models import DemoSeed
from blangkon.demo.scales import PROVINCE_CODE, SCALES
from blangkon.demo.seeders import SEEDERS, Seeder
from blangkon.demo.seeders.context import DEMO_PASSWORD, DemoAccount, SeedContext
from blangkon.red_flags.refresh import red_flags_refresh
from blangkon.regions.jateng import KAB_KOTA
from blangkon.regions.models import Region
from blangkon.search.services import search_index_paused
from blangkon.transparency.aggregation import stats_rebuild
from blangkon.transparency.opendata import opendata_publish


class Command(BaseCommand):
    help = "Fill an empty database with deterministic demo data and list the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but list the demo accounts) when the database is not empty.",
        )

    def handle(self, *args: Any, scale: str, if_empty: bool, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "seed_demo refuses to run in production: demo accounts share a published "
                "password and must never exist there. "
                "(Akun demo tidak boleh ada di lingkungan produksi.)"
            )
        if self._already_seeded(if_empty=if_empty):
            return
        _check_regions()
        ctx = SeedContext(
            scale=SCALES[scale], scale_name=scale, password=DEMO_PASSWORD, stdout=self.stdout
        )
        started = time.perf_counter()
        with transaction.atomic():
            marker = DemoSeed.objects.create(scale=scale)
            with search_index_paused():
                for seeder in SEEDERS:
                    self._run(seeder, ctx)
            # The past orders were written in bulk, past the order machine's
            # event: the public statistics count them from scratch.
            self.stdout.write(f"stats_rebuild: {stats_rebuild():,} transactions counted")
            # What the scheduler would find on its first runs: the auditors'
            # indicators and the open-data files.
            raised = sum(c.raised for c in red_flags_refresh().values())
            self.stdout.write(f"red_flags_refresh: {raised} indicators raised")
            self.stdout.write(f"opendata_publish: {opendata_publish().written} files written")
            marker.accounts = [asdict(account) for account in ctx.accounts]
            marker.finished = True
            marker.save(update_fields=["accounts", "finished"])
            # Foreign keys are checked at commit with plans made from the tables'
            # statistics; tables that were empty when last analysed get sequential
            # scans per row (minutes at the seed scale). Fresh statistics first.
            analyze()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Seeded scale {scale!r} in {elapsed:.1f} s."))
        self._print_accounts(ctx.accounts)

    def _already_seeded(self, *, if_empty: bool) -> bool:
        """True when there is nothing to do; raises when seeding would clash."""
        marker = DemoSeed.objects.order_by("seeded_at", "id").first()
        if marker is not None:
            if not if_empty:
                raise CommandError(
                    f"This database already holds {marker}. Run seed_demo on a new, "
                    "migrated database, or pass --if-empty."
                )
            self.stdout.write(f"Database already holds {marker}; nothing seeded.")
            self._print_accounts([DemoAccount(**account) for account in marker.accounts])
            return True
        if Organisation.objects.exists():
            # Real or hand-made data: seeding would clash with it (one pemda per region).
            if not if_empty:
                raise CommandError(
                    "This database already holds organisations; seed_demo needs an empty one."
                )
            self.stdout.write("Database is not empty; nothing seeded.")
            return True
        return False

    def _run(self, seeder: Seeder, ctx: SeedContext) -> None:
        name = seeder.__module__.rpartition(".")[2]
        self.stdout.write(f"{name} ...")
        started = time.perf_counter()
        seeder(ctx)
        self.stdout.write(f"{name} done in {time.perf_counter() - started:.2f} s")

    def _print_accounts(self, accounts: list[DemoAccount]) -> None:
        if not accounts:
            return
        header = DemoAccount("Username", "Role", "Organisation")
        rows = [header, *accounts]
        widths = [max(len(getattr(row, field)) for row in rows) for field in ("username", "role")]
        self.stdout.write("")
        for row in rows:
            self.stdout.write(
                f"{row.username:<{widths[0]}}  {row.role:<{widths[1]}}  {row.organisation}"
            )
        self.stdout.write("")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")


def _check_regions() -> None:
    # The regions come from a data migration; `flush` deletes them and nothing
    # brings them back, so say so instead of failing on a foreign key.
    found = Region.objects.filter(code=PROVINCE_CODE).count()
    found += Region.objects.filter(parent_id=PROVINCE_CODE).count()
    if found != 1 + len(KAB_KOTA):
        raise CommandError(
            "The regions of Jawa Tengah are missing (manage.py flush deletes them). "
            "Seed a new database after manage.py migrate."
        )
