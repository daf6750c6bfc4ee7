"""Dependencies of the auth routes: settings, the token codec, the login form, start-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Request

from shopfloor.auth.config import AuthSettings
from shopfloor.auth.gate import SignInGate
from shopfloor.auth.schemas import TokenRequest
from shopfloor.auth.service import BearerResolver
from shopfloor.auth.tokens import TokenCodec
from shopfloor.core.registry import StartupContext, settings_of
from shopfloor.core.security import set_principal_resolver
from shopfloor.user import service as users


def install(context: StartupContext) -> None:
    """Manifest startup hook: build the token codec once and register the bearer resolver."""
    settings = context.settings
    if not isinstance(settings, AuthSettings):
        raise RuntimeError("the auth module started without its settings")
    codec = TokenCodec(settings)
    context.app.state.auth_token_codec = codec
    context.app.state.auth_sign_in_gate = SignInGate(settings.login_concurrency)
    identities = users.identity_cache_of(context.app)
    set_principal_resolver(context.app.state, BearerResolver(codec, identities))


def get_auth_settings(request: Request) -> AuthSettings:
    return settings_of(request.app, "auth", AuthSettings)


def get_token_codec(request: Request) -> TokenCodec:
    codec = getattr(request.app.state, "auth_token_codec", None)
    if not isinstance(codec, TokenCodec):
        raise RuntimeError("the auth module is not started")
    return codec


def get_sign_in_gate(request: Request) -> SignInGate:
    gate = getattr(request.app.state, "auth_sign_in_gate", None)
    if not isinstance(gate, SignInGate):
        raise RuntimeError("the auth module is not started")
    return gate


AuthConfig = Annotated[AuthSettings, Depends(get_auth_settings)]
Codec = Annotated[TokenCodec, Depends(get_token_codec)]
Gate = Annotated[SignInGate, Depends(get_sign_in_gate)]


@dataclass(frozen=True, slots=True)
class LoginCredentials:
    email: str
    password: str


async def login_form(form: Annotated[TokenRequest, Form()]) -> LoginCredentials:
    """The OAuth2 password grant form, as sent by the Authorize dialog of /docs."""
    return LoginCredentials(email=form.username, password=form.password)


LoginForm = Annotated[LoginCredentials, Depends(login_form)]
