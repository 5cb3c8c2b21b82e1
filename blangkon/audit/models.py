"""The append-only audit log: who did what to which object, when, from where,
each row linked to the one before it by a hash chain (ADR 0008, ADR 0018)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Kept beside the foreign key so the row still reads right if a user is renamed.
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # The organisation the object belongs to; scopes who may read the row.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True)
    details = models.JSONField(default=dict)
    # The hash chain, written by the database inside the INSERT (trigger
    # audit_event_chain, migration 0004): whatever Django sends is replaced.
    # The row's place in the one order of all rows, 1, 2, 3 ... without gaps.
    chain_seq = models.BigIntegerField(unique=True, db_default=0, editable=False)
    # SHA-256 (hex) of the row before (64 zeros for the first) and of
    # prev_hash followed by this row's canonical text (blangkon/audit/chain.py).
    prev_hash = models.CharField(max_length=64, db_default="", editable=False)
    hash = models.CharField(max_length=64, db_default="", editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["organisation", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"


class AuditChainHead(models.Model):
    """The chain's last position and hash: one row, written by the chain's
    triggers only. Its row lock puts concurrent inserts in one order, and it
    tells a verifier where the chain must end, so deleted last rows show."""

    id = models.SmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_one_head")
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"
