"""`shopfloor openapi`: the OpenAPI document of the enabled modules.

The application is built only to be described: nothing connects to a database, signs a token
or serves a request. So the rules that protect a running server (a DATABASE_URL in prod, a
real JWT secret) do not apply, and the document can be written in any environment, from CI
without secrets included. What shapes the document is still read as configured: the env
file of APP_ENV, ENABLED_MODULES, API_PREFIX and every module's settings that are set.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from shopfloor.cli.errors import reported

if TYPE_CHECKING:
    from pydantic_settings import BaseSettings

    from shopfloor.core.config import AppSettings


def openapi(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to FILE instead of standard output.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Print the OpenAPI document of the application as configured (ENABLED_MODULES).

    No database and no secrets are needed, in any APP_ENV.
    Example: [bold]shopfloor openapi --out openapi.json[/bold]
    """
    from shopfloor.main import create_app

    with reported("cannot build the application"):
        settings = document_settings()
        application = create_app(
            settings, module_settings=unset_secrets_filled(settings), configure_logs=False
        )
        document = application.openapi()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    with reported(f"cannot write {out}"):
        out.write_text(text, encoding="utf-8")
    typer.echo(f"Wrote {out} ({len(document.get('paths', {}))} paths)", err=True)


def document_settings() -> AppSettings:
    """The settings of APP_ENV (its env file, then the environment), minus the prod refusals."""
    from pydantic import ValidationError, model_validator

    from shopfloor.core.config import AppSettings, current_app_env, env_file_for, settings_error

    class DescribedOnly(AppSettings):
        # Same name as the validator it replaces: a subclass's validator overrides it.
        @model_validator(mode="after")
        def _refuse_insecure_production(self) -> DescribedOnly:
            return self

        @property
        def is_prod(self) -> bool:
            # Decides only whether the modules' production rules run (docs, HSTS and the
            # like change nothing in the document): none applies to an application that
            # is never served.
            return False

    app_env = current_app_env()
    try:
        return DescribedOnly(_env_file=env_file_for(app_env), app_env=app_env)
    except ValidationError as exc:
        raise settings_error(exc) from None


def unset_secrets_filled(settings: AppSettings) -> dict[str, BaseSettings]:
    """The enabled modules' settings, a random value standing in for each required one unset.

    A module setting without a default is a secret or an address only a running server uses
    (AUTH_JWT_SECRET builds the token codec, which is never asked to sign here). The value is
    random, so no one could know it even if it were used. Settings that are set wrongly are
    left to `create_app`, which reports them as it would for the server.
    """
    from pydantic import ValidationError

    from shopfloor.core.registry import discover_modules, resolve_modules

    filled: dict[str, BaseSettings] = {}
    for manifest in resolve_modules(discover_modules(), settings.enabled_modules):
        settings_class = manifest.settings_class
        if settings_class is None:
            continue
        try:
            settings_class(_env_file=settings.env_file)
            continue
        except ValidationError as exc:
            errors = exc.errors(include_input=False, include_url=False)
        if any(error["type"] != "missing" for error in errors):
            continue
        stand_ins: dict[str, Any] = {
            str(error["loc"][0]): secrets.token_hex(32) for error in errors
        }
        try:
            filled[manifest.name] = settings_class(_env_file=settings.env_file, **stand_ins)
        except ValidationError:
            continue
    return filled
