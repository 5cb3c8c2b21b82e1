"""Typed readers for settings that come from the environment.

Each reader fails loudly with a message naming the variable, so a misconfigured
production server refuses to start instead of running with a silent default.
"""

import ipaddress
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} must be set.")
        return default or ""
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default or [])


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(name: str, value: str) -> tuple[Network, ...]:
    """Comma-separated addresses and CIDR blocks ("10.0.0.5, 192.168.0.0/16").

    Strict, as gunicorn's --forwarded-allow-ips is, so one value serves both:
    "192.168.1.1/24" (host bits set) is refused rather than guessed at.
    """
    networks = []
    for item in value.split(","):
        if not item.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip()))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks, got {item.strip()!r}."
            ) from None
    return tuple(networks)


def env_networks(name: str) -> tuple[Network, ...]:
    return parse_networks(name, os.environ.get(name, ""))


def env_secret(name: str, *, required: bool) -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        path = Path(file_name)
        if not path.is_file():
            raise ImproperlyConfigured(f"{name}_FILE points to {file_name}, which does not exist.")
        return path.read_text().strip()
    return env_str(name, required=required)


# The key settings.py falls back to outside production; it is public.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"
_NEW_KEY = (
    "Generate one with: python -c 'from django.core.management.utils import "
    "get_random_secret_key; print(get_random_secret_key())'"
)


def secret_key_weakness(key: str) -> str | None:
    """Why `key` is too weak to sign production sessions and tokens, or None.
    The rules of Django's security.W009 check, plus the development key."""
    if key == DEVELOPMENT_SECRET_KEY:
        return "it is the development key, which is published in the source"
    if key.startswith("django-insecure"):
        return "it starts with 'django-insecure', the mark of a generated development key"
    if len(key) < 50:
        return f"it has {len(key)} characters; use at least 50"
    if len(set(key)) < 5:
        return f"it has {len(set(key))} distinct characters; use at least 5"
    return None


def require_production_safety(*, debug: bool, secret_key: str) -> None:
    """Refuse to start production with DEBUG on or a weak SECRET_KEY: either
    would expose tracebacks and settings, or let sessions be forged."""
    if debug:
        raise ImproperlyConfigured(
            "DEBUG must be off in production (BLANGKON_ENV=production): "
            "remove DEBUG from the environment or set DEBUG=false."
        )
    weakness = secret_key_weakness(secret_key)
    if weakness is not None:
        raise ImproperlyConfigured(f"SECRET_KEY is too weak for production: {weakness}. {_NEW_KEY}")


# The bank simulator's shared secret outside production; public, like the key above.
DEVELOPMENT_BANK_SIMULATOR_SECRET = "dev-only-bank-simulator-secret-never-used-in-production"
BANK_ADAPTERS = ("simulator",)


def bank_settings(*, production: bool) -> tuple[str, str]:
    """(BANK_ADAPTER, BANK_SIMULATOR_SECRET) from the environment.

    The simulator signs and checks bank callbacks with a shared secret. In
    production it must come from the environment (or a secret file) and be
    strong: whoever knows it can mark orders paid. Elsewhere the published
    development secret is the default, so demos work without set-up."""
    adapter = env_str("BLANGKON_BANK_ADAPTER", "simulator")
    if adapter not in BANK_ADAPTERS:
        raise ImproperlyConfigured(
            f"BLANGKON_BANK_ADAPTER must be one of {', '.join(BANK_ADAPTERS)}, got {adapter!r}."
        )
    name = "BLANGKON_BANK_SIMULATOR_SECRET"
    secret = env_secret(name, required=production)
    if not production:
        return adapter, secret or DEVELOPMENT_BANK_SIMULATOR_SECRET
    if secret == DEVELOPMENT_BANK_SIMULATOR_SECRET or len(secret) < 32:
        raise ImproperlyConfigured(
            f"{name} is too weak for production: use at least 32 random characters, "
            "not the development secret. Generate one with: python -c "
            "'import secrets; print(secrets.token_hex(32))'"
        )
    return adapter, secret
