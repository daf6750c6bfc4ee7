"""Settings of the routing module (environment variables prefixed `ROUTING_`)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class RoutingSettings(BaseSettings):
    """No tunables yet; the class reserves the prefix and is validated at startup."""

    model_config = SettingsConfigDict(env_prefix="ROUTING_", extra="ignore")
