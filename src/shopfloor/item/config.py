"""Settings of the item module (environment variables prefixed `ITEM_`)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class ItemSettings(BaseSettings):
    """No tunables yet; the class reserves the prefix and is validated at startup."""

    model_config = SettingsConfigDict(env_prefix="ITEM_", extra="ignore")
