"""The marker that tells seed_demo a database already holds demo data."""

from django.db import models
from django.utils import timezone


class DemoSeed(models.Model):
    scale = models.CharField(max_length=10)
    seeded_at = models.DateTimeField(auto_now_add=True)
    # Set when every seeder has run; the command writes both in one transaction
    # today, but large scales may later load in several.
    finished = models.BooleanField(default=False)
    # The fixed demo accounts [{"username", "role", "organisation"}], so that
    # `seed_demo --if-empty` can list them again without seeding.
    accounts = models.JSONField(default=list)

    class Meta:
        ordering = ["seeded_at", "id"]

    def __str__(self) -> str:
        return f"{self.scale} demo data ({timezone.localtime(self.seeded_at):%Y-%m-%d %H:%M})"
