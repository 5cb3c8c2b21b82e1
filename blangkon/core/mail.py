"""Mail the site sends: rendered in the site's language, with links on the
site's own domain.

Links point at settings.SITE_DOMAIN, over https in production, never at the
Host header of the request that caused the mail: whoever sends that header
chooses it, and a link with a token to their host would hand them the token.
"""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def site_mail_send(
    *,
    subject_template: str,
    body_template: str,
    context: dict[str, Any],
    recipients: list[str],
) -> None:
    """Render the two templates with `protocol` and `domain` for links and send
    the mail. Call it after commit (or from a task), never inside a transaction."""
    context = {
        "protocol": "https" if settings.PRODUCTION else "http",
        "domain": settings.SITE_DOMAIN,
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(subject_template, context)
        body = render_to_string(body_template, context)
    send_mail(" ".join(subject.split()), body, None, recipients)
