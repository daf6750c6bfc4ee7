"""Alpha settings: all optional, so enabling alpha never needs an environment variable."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AlphaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALPHA_", extra="ignore")

    label: str = Field(default="note", min_length=1, max_length=40)
