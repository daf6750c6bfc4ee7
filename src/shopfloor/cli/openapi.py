"""`shopfloor openapi`: the OpenAPI document of the enabled modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from shopfloor.cli.errors import reported


def openapi(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to FILE instead of standard output.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Print the OpenAPI document of the application as configured (ENABLED_MODULES).

    Example: [bold]shopfloor openapi --out openapi.json[/bold]
    """
    from shopfloor.core.config import get_settings
    from shopfloor.main import create_app

    with reported("cannot build the application"):
        application = create_app(get_settings(), configure_logs=False)
        document = application.openapi()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    with reported(f"cannot write {out}"):
        out.write_text(text, encoding="utf-8")
    typer.echo(f"Wrote {out} ({len(document.get('paths', {}))} paths)", err=True)
