"""Settings of the customer module (environment variables prefixed `CUSTOMER_`)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class CustomerSettings(BaseSettings):
    """No tunables yet; the class reserves the prefix and is validated at startup."""

    model_config = SettingsConfigDict(env_prefix="CUSTOMER_", extra="ignore")
