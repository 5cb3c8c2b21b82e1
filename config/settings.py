"""Blangkon settings: one module, every deployment difference comes from the environment.

BLANGKON_ENV selects the profile: "development" (default), "test" or "production".
Production refuses to start when a required value is missing, when DEBUG is on,
or when SECRET_KEY is weak (config/env.py, require_production_safety).
"""

import re
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from blangkon.core.db_roles import DEFAULT_APP_ROLE, url_for_role
from config.env import (
    DEVELOPMENT_SECRET_KEY,
    bank_settings,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_secret,
    env_str,
    require_production_safety,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BLANGKON_VAR_DIR", str(BASE_DIR / "var")))

BLANGKON_ENV = env_str("BLANGKON_ENV", "development")
if BLANGKON_ENV not in {"development", "test", "production"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"BLANGKON_ENV must be development, test or production, got {BLANGKON_ENV!r}."
    )
PRODUCTION = BLANGKON_ENV == "production"

DEBUG = env_bool("DEBUG", BLANGKON_ENV == "development")
SECRET_KEY = env_secret("SECRET_KEY", required=PRODUCTION) or DEVELOPMENT_SECRET_KEY
if PRODUCTION:
    require_production_safety(debug=DEBUG, secret_key=SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["*"])
if PRODUCTION and not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS must list the public host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The reverse proxies in front of gunicorn (addresses or CIDR blocks). Only a
# request arriving from one of them has its X-Forwarded-For believed, for the
# client's address in the sign-in throttle and the audit log
# (core.http.client_ip, ADR 0019). Empty: trust nobody and use the peer address.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
CSRF_FAILURE_VIEW = "blangkon.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "blangkon.core",
    "blangkon.scheduling",
    "blangkon.regions",
    "blangkon.audit",
    "blangkon.accounts",
    "blangkon.notifications",
    "blangkon.procurement",
    "blangkon.documents",
    "blangkon.vendors",
    "blangkon.catalog",
    "blangkon.search",
    "blangkon.orders",
    "blangkon.payments",
    "blangkon.paperwork",
    "blangkon.ratings",
    "blangkon.inaproc",
    "blangkon.transparency",
    "blangkon.ocds",
    "blangkon.red_flags",
    "blangkon.taxes",
    "blangkon.api",
    "blangkon.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "blangkon.core.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "blangkon.core.middleware.QueryStringCheckMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blangkon.accounts.context_processors.role",
                "blangkon.orders.context_processors.cart",
                "blangkon.orders.context_processors.order_nav",
                "blangkon.notifications.context_processors.notifications",
            ],
            "builtins": ["blangkon.core.templatetags.blangkon"],
        },
    }
]

# --- Database: PostgreSQL only (ADR 0002), as two roles (ADR 0018) -----------
# DATABASE_URL is the owner: `manage.py migrate` connects as it. Everything
# else (requests, workers, the scheduler) connects as the application's role,
# which owns nothing and may only read and append to the audit log:
# APP_DATABASE_URL, or else DATABASE_URL's server and database with the user
# DATABASE_APP_ROLE and no password (trust or peer authentication, ~/.pgpass).
# `migrate` creates that role when the owner may create roles, and grants it
# what it needs after every run (blangkon/core/db_roles.py).
DATABASE_URL = env_str("DATABASE_URL", required=PRODUCTION)
if not DATABASE_URL:
    from blangkon.core.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(VAR_DIR)
APP_DATABASE_URL = env_secret("APP_DATABASE_URL", required=False) or url_for_role(
    DATABASE_URL, env_str("DATABASE_APP_ROLE", DEFAULT_APP_ROLE)
)


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60)
    config["CONN_HEALTH_CHECKS"] = True
    # JIT compilation pays off for long analytical queries, not for requests:
    # it can add tens of milliseconds to a search whose plan merely looks big.
    config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Parameters bound by the server, and a statement run twice on a
    # connection prepared there (ADR 0045): PostgreSQL parses and plans the
    # ORM's repeated statements once per connection instead of every time,
    # a third of its CPU per order request. Raw SQL must cast a parameter
    # whose type PostgreSQL cannot infer (`%s::text[]`); the search, planned
    # for each query's words, runs `unprepared()` (blangkon/core/prepared.py).
    config["OPTIONS"]["server_side_binding"] = True
    config["OPTIONS"]["prepare_threshold"] = 2
    if not config["ENGINE"].endswith("postgresql"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
    return dict(config)


DATABASES = {
    # Tests create the database as the owner and use it as the application
    # (conftest.py): `default` mirrors `owner` instead of getting one of its own.
    "default": {**_database(APP_DATABASE_URL), "TEST": {"MIRROR": "owner"}},
    "owner": _database(DATABASE_URL),
}
# Data migrations write through the ORM: to the owner while `migrate` runs.
DATABASE_ROUTERS = ["blangkon.core.db_roles.OwnerWhileMigrating"]
if PRODUCTION and DATABASES["default"]["USER"] == DATABASES["owner"]["USER"]:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "APP_DATABASE_URL must name another role than DATABASE_URL (docs/deployment.md)."
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "catalog:landing"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if BLANGKON_ENV == "test":
    # Argon2 is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins per username (or per IP address) within the window before lockout.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_IP_LIMIT = env_int("LOGIN_FAILURE_IP_LIMIT", 30)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)
# Mails with a link into an account (password reset, sign-in link) within an
# hour: at most this many to one address, and this many requests acted on from
# one client. Over the limit the page says the same and nothing is sent.
ACCOUNT_MAIL_ADDRESS_LIMIT = env_int("ACCOUNT_MAIL_ADDRESS_LIMIT", 3)
ACCOUNT_MAIL_CLIENT_LIMIT = env_int("ACCOUNT_MAIL_CLIENT_LIMIT", 10)

SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django's built-in middleware): nothing from other
# origins, no inline scripts or styles.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Request bodies larger than this are refused before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- Background tasks (ADR 0010) ----------------------------------------------
# Django's tasks framework with a database-backed queue; `manage.py db_worker`
# runs them (make run starts one). Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if BLANGKON_ENV == "test"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# The periodic jobs `manage.py scheduler` enqueues (ADR 0017): a dotted path,
# so the scheduling app is handed the schedule and imports no app itself.
SCHEDULER_JOBS = "config.schedule.JOBS"

# --- Catalog rules --------------------------------------------------------------
# A live product's price may move this many percent from the last price a
# curator reviewed without review, and rise at most this much above the
# lowest price buyers saw in the last PRICE_CHANGE_WINDOW_DAYS.
PRICE_CHANGE_TOLERANCE_PERCENT = env_int("PRICE_CHANGE_TOLERANCE_PERCENT", 10)
PRICE_CHANGE_WINDOW_DAYS = env_int("PRICE_CHANGE_WINDOW_DAYS", 30)
UPLOAD_MAX_BYTES = 5 * 1024 * 1024

# --- Taxes on invoices (docs/design/paying.md, section 2) -----------------------
# DJP appointed this platform's operator a Pihak Lain (PMK 58/2022): it then
# collects the PPN and PPh 22 instead of the bendahara (taxes.md, section 6).
BLANGKON_PIHAK_LAIN = env_bool("BLANGKON_PIHAK_LAIN", False)
# The pemda counts the PBJT a registered caterer itemises in the income-tax
# base (taxes.md, section 10; open, so a setting; by default it does not).
BLANGKON_PBJT_IN_INCOME_BASE = env_bool("BLANGKON_PBJT_IN_INCOME_BASE", False)
BULK_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
BULK_UPLOAD_MAX_ROWS = 10_000

# --- Payments: the bank behind virtual accounts (ADR 0028) ----------------------
# The adapter that issues VA numbers and verifies the bank's callbacks; only the
# simulator exists. Its shared secret is required (and must be strong) in production.
BANK_ADAPTER, BANK_SIMULATOR_SECRET = bank_settings(production=PRODUCTION)
# A callback whose signed timestamp is further than this from now is refused
# (a message captured and sent again later).
BANK_CALLBACK_MAX_AGE_SECONDS = env_int("BLANGKON_BANK_CALLBACK_MAX_AGE_SECONDS", 300)
# How long a virtual account can be paid.
VA_VALID_HOURS = env_int("BLANGKON_VA_VALID_HOURS", 72)
# The demo page where anyone signed in "pays" a VA as its bank would. Off in
# production unless asked for, and never with a real bank's adapter.
BANK_SIMULATOR_PAGE = BANK_ADAPTER == "simulator" and env_bool(
    "BLANGKON_BANK_SIMULATOR_PAGE", not PRODUCTION
)

# --- Open data: OCDS release packages (docs/design/transparency.md § OCDS, ADR 0033) --
# The prefix the Open Contracting Partnership registers for a publisher; every
# ocid is this prefix, "-" and the order's number. "ocds-xxxxxx" is a
# placeholder until Blangkon's own prefix is registered: set the real one then.
OCDS_OCID_PREFIX = env_str("BLANGKON_OCID_PREFIX", "ocds-xxxxxx")
if not re.fullmatch(r"ocds-[a-z0-9]{6}", OCDS_OCID_PREFIX):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "BLANGKON_OCID_PREFIX must be an OCDS prefix: ocds- and six lowercase letters or digits."
    )
# The publisher named in every package.
OCDS_PUBLISHER_NAME = env_str("BLANGKON_OCDS_PUBLISHER", "Blangkon, e-katalog UMKM Jawa Tengah")

# --- E-mail -------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Blangkon <noreply@blangkon.invalid>")
# Host name used in links inside e-mails (password set/reset).
SITE_DOMAIN = env_str("SITE_DOMAIN", "127.0.0.1:8000", required=PRODUCTION)
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST", required=True)
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", required=False)
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif BLANGKON_ENV == "test":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["blangkon.core.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Files browsers ask for at the site's root (/favicon.ico, asked for by pages
# that carry no <link rel="icon">, such as a PDF or the API's JSON).
WHITENOISE_ROOT = BASE_DIR / "public"

# Uploaded files live outside the web root and are served only through views
# that check permissions.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
