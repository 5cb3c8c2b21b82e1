"""Production refuses to start with DEBUG on or a weak SECRET_KEY, with a
message that says what to change (config/env.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import DEVELOPMENT_BANK_SIMULATOR_SECRET, DEVELOPMENT_SECRET_KEY

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "k" * 30 + "-Zx9!q" + "r" * 30


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process: this one's, less what a
    test run sets that production never does, plus every required value."""
    unset = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE")
    inherited = {k: v for k, v in os.environ.items() if k not in unset}
    return {
        **inherited,
        "BLANGKON_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "blangkon.example.go.id",
        "SITE_DOMAIN": "blangkon.example.go.id",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://u@127.0.0.1:1/none"),
        "EMAIL_HOST": "smtp.example.go.id",
        "BLANGKON_BANK_SIMULATOR_SECRET": "b" * 20 + "-Zx9!q" + "s" * 20,
        **overrides,
    }


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def start_production(**overrides: str) -> subprocess.CompletedProcess[str]:
    """Load the settings as a production process would, in a new interpreter."""
    return run(["-c", "import config.settings"], production_env(**overrides))


def test_production_settings_pass_the_deployment_checks() -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets() -> None:
    env = production_env()
    del env["SECRET_KEY"], env["DATABASE_URL"]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_debug_off_and_a_strong_key() -> None:
    result = start_production()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_production_refuses_to_start_with_debug_on(value: str) -> None:
    result = start_production(DEBUG=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be off in production" in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("s3cr3t-but-short", "it has 16 characters; use at least 50"),
        ("ab" * 40, "it has 2 distinct characters; use at least 5"),
        (DEVELOPMENT_SECRET_KEY, "it is the development key"),
        ("django-insecure-" + "x7#Lq2@vP9!mZ4&wT1^bN6*kR3$" * 2, "starts with 'django-insecure'"),
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key: str, reason: str) -> None:
    result = start_production(SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr
    assert reason in result.stderr
    assert "get_random_secret_key" in result.stderr
    assert key not in result.stderr


def test_a_weak_key_in_a_secret_file_is_refused_too(tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("short\n")
    result = start_production(SECRET_KEY="", SECRET_KEY_FILE=str(secret))
    assert result.returncode != 0
    assert "SECRET_KEY is too weak for production: it has 5 characters" in result.stderr


@pytest.mark.parametrize(
    ("secret", "why"),
    [
        ("", "BLANGKON_BANK_SIMULATOR_SECRET must be set"),
        ("short-secret", "BLANGKON_BANK_SIMULATOR_SECRET is too weak for production"),
        (DEVELOPMENT_BANK_SIMULATOR_SECRET, "is too weak for production"),
    ],
)
def test_production_refuses_to_start_without_a_strong_bank_secret(secret: str, why: str) -> None:
    """Whoever knows the bank's shared secret can mark orders paid."""
    result = start_production(BLANGKON_BANK_SIMULATOR_SECRET=secret)
    assert result.returncode != 0
    assert why in result.stderr
