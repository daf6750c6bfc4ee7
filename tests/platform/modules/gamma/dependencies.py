"""Gamma's request dependencies."""

from __future__ import annotations

from fastapi import Request

from shopfloor.core.registry import settings_of
from tests.platform.modules.gamma.config import GammaSettings


async def gamma_settings(request: Request) -> GammaSettings:
    return settings_of(request.app, "gamma", GammaSettings)
