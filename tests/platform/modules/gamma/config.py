"""Gamma settings: `GAMMA_API_KEY` is required, and must be long in production."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from tests.platform.modules.gamma.constants import PRODUCTION_KEY_LENGTH


class GammaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GAMMA_", extra="ignore")

    api_key: str = Field(min_length=8)
    greeting: str = "hello"

    def production_problems(self) -> list[str]:
        if len(self.api_key) < PRODUCTION_KEY_LENGTH:
            return [f"GAMMA_API_KEY must be at least {PRODUCTION_KEY_LENGTH} characters"]
        return []
