"""AUTH_ settings: defaults, the signing key checks at start-up, and their documentation."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from shopfloor.auth import manifest as auth_manifest
from shopfloor.auth.config import AuthSettings
from shopfloor.core.config import AppSettings
from shopfloor.core.registry import ModuleConfigurationError, load_module_settings
from shopfloor.main import create_app
from shopfloor.user import manifest as user_manifest
from shopfloor.user.config import UserSettings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "auth.md"


def test_defaults_match_the_documented_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(AuthSettings.model_fields):
        monkeypatch.delenv(f"AUTH_{name.upper()}", raising=False)
    settings = AuthSettings(jwt_secret=secrets.token_hex(32))
    assert settings.jwt_algorithm == "HS256"
    assert settings.access_token_ttl_s == 15 * 60
    assert settings.refresh_token_ttl_s == 14 * 86_400
    assert settings.login_max_failures_per_account == 5
    assert settings.login_max_failures_per_address == 5
    assert settings.login_window_s == 60


@pytest.mark.parametrize("secret", ["", "short", "x" * 31, "漢字" * 5])
def test_a_signing_key_under_32_bytes_is_refused(secret: str) -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        AuthSettings(jwt_secret=secret)


def test_a_32_byte_signing_key_is_accepted() -> None:
    assert AuthSettings(jwt_secret="k" * 32).jwt_secret.get_secret_value() == "k" * 32


def test_the_signing_key_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTH_JWT_SECRET")
    with pytest.raises(ValidationError):
        AuthSettings()  # type: ignore[call-arg]


def test_an_unsafe_algorithm_cannot_be_configured() -> None:
    for algorithm in ("none", "RS256", "HS1"):
        with pytest.raises(ValidationError):
            AuthSettings(jwt_secret="k" * 32, jwt_algorithm=algorithm)  # type: ignore[arg-type]


def test_the_application_refuses_to_start_with_a_short_key(
    monkeypatch: pytest.MonkeyPatch, settings: AppSettings
) -> None:
    monkeypatch.setenv("AUTH_JWT_SECRET", "too-short")
    with pytest.raises(ModuleConfigurationError, match="AUTH_JWT_SECRET"):
        create_app(settings, configure_logs=False)


@pytest.mark.parametrize(
    "secret",
    [
        "dev-only-signing-key-change-me-0123456789abcdef",  # the key in .env.dev
        "please-change-me-please-change-me-please",
        "a" * 64,
    ],
)
def test_production_refuses_placeholder_or_uniform_keys(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("AUTH_JWT_SECRET", secret)
    with pytest.raises(
        ModuleConfigurationError, match=r"refusing to start in prod.*AUTH_JWT_SECRET"
    ):
        load_module_settings([auth_manifest], env_file=None, production=True)


def test_production_accepts_a_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTH_JWT_SECRET", secrets.token_hex(32))
    loaded = load_module_settings([auth_manifest], env_file=None, production=True)
    assert isinstance(loaded["auth"], AuthSettings)


def test_production_refuses_cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test suite's own hashing parameters are far below the production minimum.
    with pytest.raises(ModuleConfigurationError, match="AUTH_ARGON2_MEMORY_COST"):
        load_module_settings([user_manifest], env_file=None, production=True)
    monkeypatch.delenv("AUTH_ARGON2_TIME_COST")
    monkeypatch.delenv("AUTH_ARGON2_MEMORY_COST")
    monkeypatch.delenv("AUTH_ARGON2_PARALLELISM")
    loaded = load_module_settings([user_manifest], env_file=None, production=True)
    assert isinstance(loaded["user"], UserSettings)


def _documented_variables() -> set[str]:
    return set(re.findall(r"`(AUTH_[A-Z0-9_]+)`", DOCS.read_text(encoding="utf-8")))


def test_every_setting_is_documented() -> None:
    names = {f"AUTH_{field.upper()}" for field in AuthSettings.model_fields}
    names |= {f"AUTH_{field.upper()}" for field in UserSettings.model_fields}
    assert names <= _documented_variables()


def test_nothing_undocumented_is_described() -> None:
    names = {f"AUTH_{field.upper()}" for field in AuthSettings.model_fields}
    names |= {f"AUTH_{field.upper()}" for field in UserSettings.model_fields}
    assert _documented_variables() <= names
