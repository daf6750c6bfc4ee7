"""The root `shopfloor` command; each command group lives in its own file.

Only Typer is imported here: every command imports what it needs when it runs, so
`shopfloor --help` never loads FastAPI, SQLAlchemy or Alembic.
"""

from __future__ import annotations

import typer

from shopfloor.cli import checks, db, effective_config, modules, openapi, serve, users

app = typer.Typer(
    name="shopfloor",
    help="Shopfloor: run the MES API, manage its database, users and modules.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.command("serve")(serve.serve)
app.add_typer(db.app, name="db")
app.add_typer(modules.app, name="module")
app.add_typer(users.app, name="user")
app.command("openapi")(openapi.openapi)
app.command("config")(effective_config.config)
app.command("check")(checks.check)


def main() -> None:
    app()
