"""`shopfloor db ...`: migrations."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(help="Database migrations (Alembic).", no_args_is_help=True)


@app.command()
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the SQL instead of running it.")
    ] = False,
) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import upgrade_database

    upgrade_database(resolve_database_url(), revision, sql=sql)
