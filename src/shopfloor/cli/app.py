"""The root `shopfloor` command; each command group lives in its own file."""

from __future__ import annotations

import typer

from shopfloor.cli import db, serve

app = typer.Typer(
    name="shopfloor",
    help="Shopfloor: run the MES API, manage its database and its modules.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.command("serve")(serve.serve)
app.add_typer(db.app, name="db")


def main() -> None:
    app()
