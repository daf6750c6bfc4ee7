"""Settings of the work_center module (environment variables prefixed `WORK_CENTER_`)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class WorkCenterSettings(BaseSettings):
    """No tunables yet; the class reserves the prefix and is validated at startup."""

    model_config = SettingsConfigDict(env_prefix="WORK_CENTER_", extra="ignore")
