"""One-time sign-in links, mailed to the account's address (ADR 0019).

They let the owner in while a guesser keeps the username's password attempts
spaced out. A link is signed, lives MAIL_LINK_WINDOW, and is spent by any
sign-in of the account: it carries a digest of the account's last sign-in,
password and credentials version, and using it records a sign-in.
"""

from datetime import timedelta

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from blangkon.accounts.models import User
from blangkon.core.errors import DomainError

SALT = "blangkon.accounts.login_link"
# The period over which mails with links into an account are counted
# (services._mail_link_request), and the life of a sign-in link. Equal on
# purpose: whenever the limit withholds a mail, one sent within the window
# still works, so nobody can use the limit to keep the owner out.
MAIL_LINK_WINDOW = timedelta(hours=1)


def _account_state(user: User) -> str:
    last_login = user.last_login.isoformat() if user.last_login else ""
    value = f"{user.pk}|{user.password}|{last_login}|{user.credentials_version}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def login_link_token(user: User) -> str:
    return signing.dumps([user.pk, _account_state(user)], salt=SALT)


def login_link_user(token: str, *, for_update: bool = False) -> User:
    """The account a link opens, if the link still works; DomainError if not."""
    try:
        user_id, state = signing.loads(token, salt=SALT, max_age=MAIL_LINK_WINDOW)
    except signing.SignatureExpired:
        raise DomainError(
            "expired_link", _("This sign-in link has expired. Ask for a new one.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise DomainError(
            "invalid_link",
            _("This sign-in link is not valid. Open the whole link from the e-mail."),
        ) from None
    users = User.objects.select_related("organisation").filter(pk=user_id, is_active=True)
    user = (users.select_for_update(of=("self",)) if for_update else users).first()
    if user is None or not constant_time_compare(state, _account_state(user)):
        raise DomainError(
            "used_link",
            _("This sign-in link has already been used or no longer works. Ask for a new one."),
        )
    return user
