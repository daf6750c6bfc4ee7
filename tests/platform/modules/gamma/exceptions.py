"""Gamma's errors."""

from __future__ import annotations

from shopfloor.core.errors import AuthenticationError


class TokenInvalidError(AuthenticationError):
    code = "GAMMA_TOKEN_INVALID"
