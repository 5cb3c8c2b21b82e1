"""The scheduler's record of what it enqueued."""

from django.db import models


class ScheduledRun(models.Model):
    """One job enqueued for one slot. The unique (job, slot) is what keeps two
    schedulers, or one restarted, from enqueueing a slot twice: the row and
    the queued task commit together, and a second insert fails."""

    job = models.CharField(max_length=100)  # Job.name in config/schedule.py
    slot = models.DateTimeField()  # the moment the job was due
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)  # the backend's id

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]
        indexes = [models.Index(fields=["slot"], name="scheduled_run_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
