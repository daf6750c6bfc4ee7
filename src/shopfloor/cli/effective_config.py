"""`shopfloor config`: the effective settings, with every secret masked."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from shopfloor.cli.errors import fail, reported

if TYPE_CHECKING:
    from pydantic_settings import BaseSettings


def _rows(settings: BaseSettings, prefix: str) -> list[tuple[str, str]]:
    from shopfloor.cli.masking import shown_value

    return [
        (f"{prefix}{name}".upper(), shown_value(name, getattr(settings, name)))
        for name in type(settings).model_fields
    ]


def config(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Show the effective settings: the application's and each enabled module's.

    Values come from the environment and the env file of APP_ENV. Anything named like a
    secret, password, key or token is masked, and so is the password in any URL.
    """
    from shopfloor.core.config import get_settings
    from shopfloor.core.registry import (
        ModuleConfigurationError,
        discover_modules,
        load_module_settings,
        resolve_modules,
    )

    with reported("invalid settings"):
        settings = get_settings()
    try:
        enabled = resolve_modules(discover_modules(), settings.enabled_modules)
        loaded = load_module_settings(
            enabled, env_file=settings.env_file, production=settings.is_prod
        )
    except ModuleConfigurationError as exc:
        fail(str(exc))
    sections: dict[str, list[tuple[str, str]]] = {"app": _rows(settings, "")}
    for manifest in enabled:
        module_settings = loaded.get(manifest.name)
        if module_settings is None:
            continue
        prefix = str(type(module_settings).model_config.get("env_prefix") or "")
        sections[f"module {manifest.name}"] = _rows(module_settings, prefix)
    if as_json:
        typer.echo(json.dumps({name: dict(rows) for name, rows in sections.items()}, indent=2))
        return
    env_file = settings.env_file
    source = f"env file {env_file.name}" if env_file and env_file.is_file() else "no env file"
    typer.echo(f"# APP_ENV={settings.app_env.value} ({source}; the environment wins)")
    for name, rows in sections.items():
        typer.echo(f"\n[{name}]")
        width = max((len(key) for key, _ in rows), default=0)
        for key, value in rows:
            typer.echo(f"{key.ljust(width)} = {value}")
