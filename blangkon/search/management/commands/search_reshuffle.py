"""Re-key the daily tie order now (for cron; the daily scheduler enqueues
search.tasks.search_reshuffle_task to the same effect)."""

from typing import Any

from django.core.management.base import BaseCommand

from blangkon.search.services import search_reshuffle_if_new_day


class Command(BaseCommand):
    help = "Give today's order to products that tie in relevance."

    def handle(self, *args: Any, **options: Any) -> None:
        ran = search_reshuffle_if_new_day()
        self.stdout.write("reshuffled" if ran else "already today's order")
