"""The shape every state machine's history table shares.

Each machine keeps its own history table ("one table for each state
machine"): a concrete model that inherits `StatusChange` and adds the foreign
key to the row that moved.
"""

from django.conf import settings
from django.db import models


class StatusChange(models.Model):
    """One row per move of a state machine: from, to, who, why, when."""

    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    # NULL for automatic moves (a scheduled job, the system itself).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    # What else the move changed ({"fields": {...}}) and context the caller adds.
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
