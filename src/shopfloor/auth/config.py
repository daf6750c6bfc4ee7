"""Sign-in and token settings (`AUTH_` environment variables; see docs/auth.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_BYTES = 32

# Fragments of the placeholder keys shipped in examples and the development env file.
_PLACEHOLDER_FRAGMENTS = ("change-me", "changeme", "dev-only", "test-signing", "secret-key")


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUTH_", extra="ignore")

    jwt_secret: SecretStr = Field(description="HMAC key for tokens; 32 bytes or more.")
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_issuer: str = Field(default="shopfloor", min_length=1, max_length=200)
    jwt_audience: str = Field(default="shopfloor-api", min_length=1, max_length=200)
    # Tolerated clock difference between servers when checking exp, nbf and iat.
    jwt_leeway_s: int = Field(default=10, ge=0, le=300)
    # Longer tokens are refused before any parsing (ours are about 400 bytes).
    max_token_bytes: int = Field(default=2048, ge=512, le=16384)

    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=365)

    login_max_failures_per_account: int = Field(default=5, ge=1, le=1000)
    login_max_failures_per_address: int = Field(default=5, ge=1, le=100_000)
    login_window_s: int = Field(default=60, ge=1, le=86_400)
    # Sign-ins in progress per process; more wait before touching the database.
    login_concurrency: int = Field(default=4, ge=1, le=256)

    @field_validator("jwt_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value().encode("utf-8")) < MIN_SECRET_BYTES:
            raise ValueError(f"must be at least {MIN_SECRET_BYTES} bytes long")
        return value

    @property
    def access_token_ttl_s(self) -> int:
        return self.access_token_minutes * 60

    @property
    def refresh_token_ttl_s(self) -> int:
        return self.refresh_token_days * 86_400

    def production_problems(self) -> list[str]:
        problems: list[str] = []
        secret = self.jwt_secret.get_secret_value()
        lowered = secret.lower()
        if any(fragment in lowered for fragment in _PLACEHOLDER_FRAGMENTS):
            problems.append(
                "AUTH_JWT_SECRET is a placeholder; generate one with openssl rand -hex 32"
            )
        elif len(set(secret)) < 10:
            problems.append("AUTH_JWT_SECRET has too little variety to be a random key")
        return problems
