"""`shopfloor db ...`: migrations (Alembic) against the configured or embedded database."""

from __future__ import annotations

from typing import Annotated

import typer

from shopfloor.cli.errors import confirm, fail, prompt, reported

app = typer.Typer(
    help="Database migrations (Alembic): upgrade, downgrade, inspect, write and check them.",
    no_args_is_help=True,
)

SqlOption = Annotated[
    bool, typer.Option("--sql", help="Print the SQL instead of running it (no database needed).")
]

UNATTENDED = "pass --yes to downgrade without asking"

# Offline (--sql) runs need only the dialect, never a connection.
OFFLINE_URL = "postgresql://offline/shopfloor"


def _offline_url() -> str:
    from shopfloor.core.config import get_settings

    with reported("cannot read the settings"):
        return get_settings().database_url or OFFLINE_URL


@app.command()
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision (default: head).")] = "head",
    sql: SqlOption = False,
) -> None:
    """Apply migrations up to REVISION.

    Example: [bold]shopfloor db upgrade[/bold], or [bold]shopfloor db upgrade --sql > up.sql[/bold]
    """
    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import upgrade_database

    url = _offline_url() if sql else resolve_database_url()
    with reported("upgrade failed"):
        upgrade_database(url, revision, sql=sql)


# A revision such as -1 must reach the argument instead of being read as an option.
@app.command(context_settings={"ignore_unknown_options": True})
def downgrade(
    revision: Annotated[
        str,
        typer.Argument(help="Target revision: an id, -1 for one step, or base for everything."),
    ],
    sql: SqlOption = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (for scripts).")
    ] = False,
) -> None:
    """Revert migrations down to REVISION (asks first; this can drop tables and data).

    On a database that is not on this machine you confirm by typing its name. With --sql,
    give a range such as [bold]0005_work_orders:0004_work_centers_customers[/bold].
    """
    from shopfloor.cli.database_url import (
        database_name,
        is_local_database,
        resolve_database_url,
    )
    from shopfloor.cli.migrations import downgrade_database
    from shopfloor.core.embedded_db import describe_url

    if sql:
        with reported("downgrade failed"):
            downgrade_database(_offline_url(), revision, sql=True)
        return
    url = resolve_database_url()
    if not yes:
        target = describe_url(url)
        if is_local_database(url):
            if not confirm(f"Downgrade {target} to {revision}? Data may be lost", hint=UNATTENDED):
                fail("downgrade cancelled")
        else:
            name = database_name(url)
            typed = prompt(
                f"{target} is not a local database. Type its name ({name}) to downgrade it",
                hint=UNATTENDED,
            )
            if typed.strip() != name:
                fail("the name did not match; nothing was changed")
    with reported("downgrade failed"):
        downgrade_database(url, revision)


@app.command()
def current() -> None:
    """Show the revision the database is at."""
    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import current_revisions, heads

    url = resolve_database_url()
    with reported("cannot read the database revision"):
        revisions = current_revisions(url)
        head_set = set(heads())
    if not revisions:
        typer.echo("(no migration applied)")
    for revision in revisions:
        typer.echo(f"{revision} (head)" if revision in head_set else revision)


@app.command()
def history() -> None:
    """List the migrations, newest first (no database needed)."""
    from shopfloor.cli.migrations import history_lines

    with reported("cannot read the migrations"):
        lines = history_lines()
    if not lines:
        typer.echo("(no migrations)")
    for line in lines:
        typer.echo(line)


@app.command()
def revision(
    message: Annotated[str, typer.Option("-m", "--message", help="What the migration does.")],
    module: Annotated[
        str | None,
        typer.Option(
            "--module",
            help="The module it belongs to: its name leads the file name and, with "
            "--autogenerate, only that module's tables are compared.",
        ),
    ] = None,
    autogenerate: Annotated[
        bool,
        typer.Option(
            "--autogenerate", help="Fill it from the difference between models and database."
        ),
    ] = False,
) -> None:
    """Write a new migration file in alembic/versions (numbered after the current head).

    Example: [bold]shopfloor db revision -m "add due date" --module inspection_plan
    --autogenerate[/bold]
    """
    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import create_revision
    from shopfloor.cli.project import source_checkout

    project = source_checkout()
    tables: set[str] | None = None
    if module is not None:
        if module not in project.module_packages():
            fail(f"there is no module {module!r} in {project.relative(project.package_dir)}")
        message = f"{module} {message}"
        if autogenerate:
            with reported(f"cannot load the models of {module!r}"):
                tables = module_tables(module)
    url = resolve_database_url() if autogenerate else _offline_url()
    with reported("cannot write the revision"):
        path = create_revision(url, message, autogenerate=autogenerate, tables=tables)
    if path is None:
        scope = f" in the tables of {module!r}" if module else ""
        typer.echo(f"No schema change found{scope}; no revision written.")
        return
    typer.echo(f"Wrote {path}")


def module_tables(module: str) -> set[str]:
    """The tables mapped by the classes of one module."""
    import importlib

    from shopfloor.core.models import Base
    from shopfloor.core.registry import discover_modules

    manifest = discover_modules().get(module)
    if manifest is not None and manifest.models:
        importlib.import_module(manifest.models)
    package = f"shopfloor.{module}"
    return {
        str(getattr(mapper.local_table, "name", ""))
        for mapper in Base.registry.mappers
        if mapper.class_.__module__ == package or mapper.class_.__module__.startswith(package + ".")
    }


@app.command()
def check() -> None:
    """Check that the models and the migrations agree (the database is left unchanged).

    Pending migrations are applied inside a transaction that is rolled back, and the result
    is compared with the models. Exits 1 and lists every difference when they disagree.
    """
    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import schema_drift

    url = resolve_database_url()
    with reported("cannot compare the models with the migrations"):
        differences = schema_drift(url)
    if differences:
        for line in differences:
            typer.echo(f"  {line}", err=True)
        fail(f"models and migrations disagree ({len(differences)} difference(s))")
    typer.echo("Models and migrations agree.")
