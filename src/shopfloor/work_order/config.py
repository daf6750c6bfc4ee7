"""Settings of the work_order module (environment variables prefixed `WORK_ORDER_`)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WorkOrderSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WORK_ORDER_", extra="ignore")

    overproduction_allowance: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=1,
        description=(
            "How far a dispatch may run over its planned quantity, as a fraction: 0.05 lets "
            "good + scrap reach planned x 1.05 (rounded down). 0 means never above planned."
        ),
    )
    report_clock_skew_s: int = Field(
        default=300,
        ge=0,
        le=3600,
        description="How far in the future a report's from_time/to_time may lie (clock drift).",
    )
    require_idempotency_key: bool = Field(
        default=False,
        description="Refuse production reports without an Idempotency-Key header (428).",
    )
    require_item: bool = Field(
        default=False,
        description="Refuse new orders without item_id, and clearing it (422).",
    )
    # Orders by id that read requests may take from memory (read_cache.py), forgotten on the
    # notification any change to the order or its dispatches sends; 0 turns the cache off.
    read_cache_size: int = Field(
        default=5_000,
        ge=0,
        le=1_000_000,
        description="Orders (with their dispatches) kept per process for GET by id (0: none).",
    )
    read_cache_ttl_s: int = Field(
        default=60,
        ge=1,
        le=3600,
        description="Seconds an order is kept at most, notification or not.",
    )
