"""Background tasks of accounts (Django's tasks framework, ADR 0010)."""

from django.tasks import task
from django.utils import timezone

from blangkon.accounts.authentication import USERNAME_WINDOW
from blangkon.accounts.login_links import MAIL_LINK_WINDOW
from blangkon.accounts.mails import account_mail_send
from blangkon.accounts.models import LoginFailure, MailLinkRequest


@task()
def account_mail_task(kind: str, user_id: int) -> None:
    """Send a mail with a link into an account (see `account_mail_send`).

    Sent by the worker, not the request, so asking for a mail takes as long
    whether the account exists or not. A second delivery sends a second mail
    with a fresh link; the limits counted when it was asked still held.
    """
    account_mail_send(kind=kind, user_id=user_id)


@task()
def prune_sign_in_records_task() -> dict[str, int]:
    """Delete failed sign-ins and mail requests older than any limit reads
    (a day, an hour). Idempotent: a second run finds nothing that old."""
    now = timezone.now()
    failures, _ = LoginFailure.objects.filter(at__lt=now - USERNAME_WINDOW).delete()
    requests, _ = MailLinkRequest.objects.filter(at__lt=now - MAIL_LINK_WINDOW).delete()
    return {"login_failures": failures, "mail_requests": requests}
