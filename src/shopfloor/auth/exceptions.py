"""Errors of the auth module; codes are translated in constants.MESSAGES."""

from __future__ import annotations

from typing import Any

from shopfloor.core.errors import AuthenticationError, TooManyRequestsError


class InvalidCredentialsError(AuthenticationError):
    """Unknown email, wrong password or inactive account: one answer for all three."""

    code = "INVALID_CREDENTIALS"


class InvalidTokenError(AuthenticationError):
    """Any token that fails a check; the answer never says which check."""

    code = "INVALID_TOKEN"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'


class LoginThrottledError(TooManyRequestsError):
    code = "LOGIN_THROTTLED"
