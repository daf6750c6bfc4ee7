"""Application-wide settings.

`APP_ENV` picks the env file (`.env.dev` or `.env.prod`); real environment variables always
win over the file. Each domain module keeps its own settings class with its own prefix in its
`config.py`; those are validated by the registry only when the module is enabled.
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shopfloor.core.paths import project_root


class AppEnv(StrEnum):
    DEV = "dev"
    TEST = "test"
    PROD = "prod"


ENV_FILES: dict[AppEnv, str | None] = {
    AppEnv.DEV: ".env.dev",
    AppEnv.PROD: ".env.prod",
    # Test settings are built by the test suite itself; no file is read.
    AppEnv.TEST: None,
}


def split_list(value: Any) -> Any:
    """Accept a JSON array or a comma-separated string for list settings."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


class SettingsError(ValueError):
    """A one-line reason why the settings are invalid (never echoes the rejected value)."""


class InsecureConfigurationError(SettingsError):
    """Raised when production settings would run the service unsafely."""


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(
        extra="ignore",
        env_file_encoding="utf-8",
        validate_default=True,
        # Validation errors must not repeat what they rejected: it may be a secret or a
        # database URL with a password, and these messages end up in logs.
        hide_input_in_errors=True,
    )

    app_env: AppEnv = AppEnv.DEV
    app_name: str = "Shopfloor"
    debug: bool = False
    log_level: str = "INFO"
    log_format: Literal["text", "json", "auto"] = "auto"

    enabled_modules: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # Database. Empty in dev and test means "start the embedded PostgreSQL".
    database_url: str | None = None
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=5, ge=0, le=200)
    db_pool_timeout_s: float = Field(default=5.0, gt=0)
    db_pool_recycle_s: int = Field(default=1800, ge=-1)
    db_pool_pre_ping: bool = True
    # Ping only connections that sat idle this long; 0 pings on every checkout.
    db_pool_ping_idle_s: float = Field(default=10.0, ge=0)
    db_statement_timeout_ms: int = Field(default=15_000, ge=0)
    db_lock_timeout_ms: int = Field(default=5_000, ge=0)
    db_connect_timeout_s: float = Field(default=5.0, gt=0)
    db_ready_timeout_s: float = Field(default=2.0, gt=0)
    db_echo: bool = False
    db_unavailable_retry_after_s: int = Field(default=5, ge=1)
    # One LISTEN connection per process for the caches that forget on a notification
    # (core/notifications.py); off, those caches stay off too (behind a transaction-pooling
    # proxy, where LISTEN does not work).
    db_notifications: bool = True
    db_notifications_keepalive_s: float = Field(default=5.0, ge=0.5, le=300)
    embedded_db_dir: str = ".data/postgres"

    # HTTP
    api_prefix: str = "/api/v1"
    docs_enabled: bool | None = None
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    cors_allow_credentials: bool = False
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    default_locale: Literal["zh-TW", "en"] = "zh-TW"
    # CSV of master data: rows one import may hold, and rows one export may answer.
    master_data_import_max_rows: int = Field(default=5000, ge=1, le=1_000_000)
    master_data_export_max_rows: int = Field(default=5000, ge=1, le=1_000_000)
    hsts_enabled: bool | None = None

    # What the OpenAPI document says about this installation.
    api_server_url: str = "/"
    api_contact_name: str = "Shopfloor"
    api_contact_url: str | None = None
    api_contact_email: str | None = None

    @field_validator("enabled_modules", "cors_origins", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        return split_list(value)

    @field_validator("enabled_modules")
    @classmethod
    def _normalise_modules(cls, value: list[str]) -> list[str]:
        return [name.strip().lower().replace("-", "_") for name in value]

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> AppSettings:
        if self.app_env is AppEnv.PROD:
            problems = production_problems(self)
            if problems:
                raise InsecureConfigurationError(
                    "refusing to start in prod: " + "; ".join(problems)
                )
        return self

    @property
    def is_prod(self) -> bool:
        return self.app_env is AppEnv.PROD

    @property
    def show_docs(self) -> bool:
        if self.docs_enabled is not None:
            return self.docs_enabled
        return not self.is_prod

    @property
    def json_logs(self) -> bool:
        if self.log_format == "auto":
            return self.is_prod
        return self.log_format == "json"

    @property
    def env_file(self) -> Path | None:
        return env_file_for(self.app_env)


def production_problems(settings: AppSettings) -> list[str]:
    """Everything that makes a production configuration unsafe, as readable sentences."""
    problems: list[str] = []
    if settings.debug:
        problems.append("DEBUG must be false")
    if not settings.database_url:
        problems.append("DATABASE_URL is required (the embedded database is for dev and tests)")
    if "*" in settings.cors_origins and settings.cors_allow_credentials:
        problems.append("CORS_ORIGINS='*' cannot be combined with CORS_ALLOW_CREDENTIALS=true")
    return problems


def env_file_for(app_env: AppEnv) -> Path | None:
    name = ENV_FILES[app_env]
    if name is None:
        return None
    return project_root() / name


def current_app_env() -> AppEnv:
    raw = os.environ.get("APP_ENV", AppEnv.DEV.value).strip().lower()
    try:
        return AppEnv(raw)
    except ValueError as exc:
        allowed = ", ".join(env.value for env in AppEnv)
        raise ValueError(f"APP_ENV={raw!r} is not one of: {allowed}") from exc


def load_settings() -> AppSettings:
    """Read settings for the current `APP_ENV`, the env file first, the environment on top.

    Raises `InsecureConfigurationError` (prod refusals) or `SettingsError` with one line.
    """
    app_env = current_app_env()
    env_file = env_file_for(app_env)
    try:
        return AppSettings(_env_file=env_file, app_env=app_env)
    except ValidationError as exc:
        raise settings_error(exc) from None


def settings_error(exc: ValidationError) -> SettingsError:
    """The first problem of a settings validation error, as one line naming the variable."""
    first = exc.errors(include_input=False, include_url=False)[0]
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, SettingsError):
        return cause
    field_name = ".".join(str(part) for part in first["loc"]).upper()
    where = f"{field_name}: " if field_name else ""
    return SettingsError(f"invalid settings: {where}{first['msg']}")


@lru_cache(maxsize=1)
def get_settings() -> AppSettings:
    return load_settings()
