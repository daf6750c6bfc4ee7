"""Settings of the audit module.

There is nothing to tune today: every entry is kept, and what is recorded is fixed by the
modules that record it. The class reserves the `AUDIT_` prefix for future settings.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class AuditSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_", extra="ignore")
