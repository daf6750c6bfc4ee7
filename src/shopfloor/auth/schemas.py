"""Request and response shapes of the auth routes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shopfloor.auth.constants import PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH
from shopfloor.core.envelope import ALWAYS_SENT, Envelope
from shopfloor.core.text import SingleLine

# Refresh tokens we issue are about 400 characters; anything far longer is not one of ours.
RefreshTokenText = Annotated[str, SingleLine(min_length=1, max_length=4096, strip_whitespace=False)]


# The user service trims and lower-cases the email; the bounds apply to what was sent.
Username = Annotated[
    str, SingleLine(min_length=1, max_length=USERNAME_MAX_LENGTH, strip_whitespace=False)
]


class TokenRequest(BaseModel):
    """The OAuth2 password grant form (RFC 6749, section 4.3.2), form-encoded."""

    username: Username = Field(description="Your email address.")
    password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
    grant_type: str | None = Field(
        default=None, pattern="^password$", description='Optional; "password" if sent.'
    )
    scope: str = Field(default="", max_length=1024, description="Ignored.")
    client_id: str | None = Field(default=None, max_length=256, description="Ignored.")
    client_secret: str | None = Field(default=None, max_length=256, description="Ignored.")


class TokenPair(BaseModel):
    model_config = ALWAYS_SENT

    access_token: str = Field(description="Send as `Authorization: Bearer <token>`.")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(
        description="One-time use: exchange it at /auth/refresh for a new pair."
    )
    refresh_expires_in: int = Field(description="Seconds until the refresh token expires.")


class TokenEnvelope(Envelope[TokenPair]):
    """The success envelope, plus the OAuth2 token fields (RFC 6749, section 5.1) at the top
    level, where OAuth2 clients such as the Authorize dialog of /docs read them."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int
    refresh_token: str

    @classmethod
    def of(cls, pair: TokenPair) -> TokenEnvelope:
        return cls(
            data=pair,
            access_token=pair.access_token,
            token_type=pair.token_type,
            expires_in=pair.expires_in,
            refresh_token=pair.refresh_token,
        )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: RefreshTokenText


class LogoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: RefreshTokenText


class SignedOut(BaseModel):
    revoked_refresh_tokens: int = Field(description="Refresh tokens that stopped working now.")
