"""Background tasks of accounts (Django's tasks framework, ADR 0010)."""

from django.tasks import task

from blangkon.accounts.mails import account_mail_send


@task()
def account_mail_task(kind: str, user_id: int) -> None:
    """Send a mail with a link into an account (see `account_mail_send`).

    Sent by the worker, not the request, so asking for a mail takes as long
    whether the account exists or not. A second delivery sends a second mail
    with a fresh link; the limits counted when it was asked still held.
    """
    account_mail_send(kind=kind, user_id=user_id)
