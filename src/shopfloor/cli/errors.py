"""One-line failures: every command error exits non-zero with a short reason."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer


def fail(reason: str, code: int = 1) -> NoReturn:
    typer.secho(f"error: {reason}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def explain(exc: BaseException) -> str:
    """The most useful single line about an exception (the driver's words for DB errors)."""
    orig = getattr(exc, "orig", None)
    inner = orig if isinstance(orig, BaseException) else exc
    text = str(inner).strip()
    return text.splitlines()[0] if text else type(inner).__name__


@contextmanager
def reported(action: str) -> Iterator[None]:
    """Turn any unexpected exception inside a command into `error: <action>: <reason>`."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        fail(f"{action}: {explain(exc)}")
