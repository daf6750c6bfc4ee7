"""One-line failures: every command error exits non-zero with a short reason."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(reason: str, code: int = 1) -> NoReturn:
    typer.secho(f"error: {reason}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)
