"""One-line failures: every command error exits non-zero with a short reason."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

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
        reason = explain(exc)
        # Settings errors already start with "invalid settings: ".
        fail(reason if reason.startswith(f"{action}: ") else f"{action}: {reason}")


def _no_answer(exc: typer.Abort, hint: str, *, end_line: bool = True) -> NoReturn:
    # Typer turns both an interrupt and the end of standard input into a bare `Aborted!`.
    if end_line:
        typer.echo("", err=True)  # the question is still on its line
    if isinstance(exc.__context__, KeyboardInterrupt):
        fail("interrupted; nothing was changed", code=130)
    fail(f"no answer: standard input ended (not a terminal?); {hint}")


def confirm(question: str, *, hint: str) -> bool:
    """Ask yes or no; without an answer, fail with `hint` (how to run it unattended)."""
    try:
        return typer.confirm(question)
    except typer.Abort as exc:
        _no_answer(exc, hint)


def prompt(text: str, *, hint: str, **options: Any) -> str:
    """Ask for a value; without an answer, fail with `hint` (how to run it unattended)."""
    try:
        return str(typer.prompt(text, **options))
    except typer.Abort as exc:
        # A hidden prompt already ended its line.
        _no_answer(exc, hint, end_line=not options.get("hide_input"))
