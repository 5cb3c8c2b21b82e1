"""Background tasks of ratings (Django's tasks framework, ADR 0010)."""

from django.tasks import task

from blangkon.ratings.services import ratings_publish_due


@task()
def ratings_publish_due_task() -> int:
    """Publish the ratings whose order was completed 14 days ago. Idempotent:
    a published rating is not found again, so a second run publishes none."""
    return ratings_publish_due()
