"""`shopfloor module ...`: scaffold, list, graph and remove domain modules."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from shopfloor.cli.errors import confirm, fail, reported

if TYPE_CHECKING:
    from shopfloor.cli.scaffold.changes import ChangeSet
    from shopfloor.core.registry import ModuleManifest

app = typer.Typer(
    help="Domain modules: scaffold a new one, list them, show their graph, remove one.",
    no_args_is_help=True,
)

FIELDS_HELP = (
    "Fields as name:type items, e.g. 'code:str:unique title:str due:date? "
    "grade:enum(a|b|c)'. Types: str, text, int, decimal, bool, date, datetime, uuid, "
    "enum(v1|v2|...). '?' after the type: nullable. ':unique': unique per organisation."
)


def _progress(message: str) -> None:
    typer.secho(f"  ... {message}", dim=True, err=True)


def _installed() -> dict[str, ModuleManifest]:
    from shopfloor.core.registry import discover_modules

    with reported("cannot load the installed modules"):
        return discover_modules()


def _table_names(installed: dict[str, ModuleManifest], *, except_module: str) -> set[str]:
    from shopfloor.cli.db import module_tables
    from shopfloor.core.models import Base
    from shopfloor.core.registry import import_models

    with reported("cannot load the models"):
        import_models(installed.values())
        own = module_tables(except_module) if except_module in installed else set()
        return set(Base.metadata.tables) - own


def _verify(changes: ChangeSet, module: str | None) -> None:
    from shopfloor.cli.project import current_project
    from shopfloor.cli.scaffold.verify import VerificationError, verify_changes

    try:
        skipped = verify_changes(current_project().root, changes, module=module, progress=_progress)
    except VerificationError as exc:
        first, _, details = str(exc).partition("\n")
        if details:
            typer.echo(details, err=True)
        fail(f"{first} (nothing was written)")
    for check in skipped:
        typer.secho(f"  skipped: {check}", fg=typer.colors.YELLOW, err=True)


def _show(changes: ChangeSet, *, with_diffs: bool) -> None:
    for line in changes.describe(with_diffs=with_diffs):
        typer.echo(line if with_diffs else f"  {line}")


@app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="Module name; normalised to snake_case.")],
    fields: Annotated[str, typer.Option("--fields", help=FIELDS_HELP)] = "name:str",
    depends_on: Annotated[
        str,
        typer.Option(
            "--depends-on", help="Comma-separated modules it depends on (audit always is)."
        ),
    ] = "",
    enable: Annotated[
        bool, typer.Option("--enable", help="Add it to ENABLED_MODULES in .env.dev.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print every file it would create or change; write nothing."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Regenerate this module's own generated files (names still checked)."
        ),
    ] = False,
    plural: Annotated[
        str | None,
        typer.Option("--plural", help="Plural in snake_case when not name + 's' (URL and tag)."),
    ] = None,
    label_zh: Annotated[
        str | None,
        typer.Option(
            "--label-zh", help="The resource's name in Traditional Chinese, for messages."
        ),
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="One sentence for /docs and the manifest.")
    ] = None,
) -> None:
    """Scaffold a complete module: code, migration, tests, docs and its boundary contract.

    Example: [bold]shopfloor module new inspection_plan --fields "code:str:unique title:str
    samples:int" --enable[/bold]
    """
    from shopfloor.cli.project import source_checkout
    from shopfloor.cli.scaffold.generate import NewModule, ScaffoldError, plan_new_module
    from shopfloor.cli.scaffold.names import normalise

    project = source_checkout()
    module = normalise(name)
    shown = f" (from {name!r})" if module != name else ""
    typer.echo(f"Module name: {module}{shown}")
    installed = _installed()
    request = NewModule(
        name=module,
        fields=fields,
        depends_on=tuple(part.strip() for part in depends_on.split(",") if part.strip()),
        enable=enable,
        force=force,
        plural=plural,
        label_zh=label_zh,
        description=description,
    )
    try:
        spec, changes = plan_new_module(
            request,
            project=project,
            installed=installed,
            tables=_table_names(installed, except_module=module),
        )
    except ScaffoldError as exc:
        fail(str(exc))
    _verify(changes, spec.name)
    if not changes.changes:
        typer.echo(f"Nothing to change: the generated files of {spec.name} are up to date.")
        return
    if dry_run:
        _show(changes, with_diffs=True)
        typer.echo("Dry run: nothing was written.")
        return
    existed = module in project.module_packages()
    with reported("writing the module failed; nothing was changed"):
        changes.apply(project.root)
    assert spec.revision is not None
    done = "Regenerated" if existed else "Created"
    typer.echo(f"{done} module {spec.name} ({spec.tag}, /api/v1{spec.prefix}):")
    _show(changes, with_diffs=False)
    steps = [
        ("shopfloor db upgrade", f"applies alembic/versions/{spec.revision.filename}"),
        (f"pytest tests/{spec.name}", "runs its generated tests"),
    ]
    if not enable:
        steps.insert(0, (f"add {spec.name} to ENABLED_MODULES", "in .env.dev (or use --enable)"))
    width = max(len(command) for command, _ in steps)
    typer.echo("Next:")
    for command, why in steps:
        typer.echo(f"  {command.ljust(width)}  {why}")
    typer.echo(f"Then shape its rules in src/shopfloor/{spec.name}/ (see docs/{spec.name}.md).")
    if not spec.label_zh:
        typer.echo(
            f"Its zh-TW messages call it 資料 ({spec.label}) for want of a Chinese name: "
            f"rerun with --force --label-zh NAME, or edit MESSAGES in "
            f"src/shopfloor/{spec.name}/constants.py."
        )


@app.command("list")
def list_modules(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the installed modules: enabled or not, prefix, dependencies, route count."""
    from shopfloor.core.config import get_settings

    installed = _installed()
    with reported("cannot read the settings"):
        enabled = set(get_settings().enabled_modules)
    rows = []
    for manifest in installed.values():
        with reported(f"cannot load the routes of {manifest.name!r}"):
            routes = route_count(manifest)
        rows.append(
            {
                "name": manifest.name,
                "enabled": manifest.name in enabled,
                "prefix": manifest.prefix,
                "depends_on": list(manifest.depends_on),
                "routes": routes,
                "tag": manifest.tag,
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("No modules installed.")
        return
    header = ("MODULE", "ENABLED", "PREFIX", "ROUTES", "DEPENDS ON")
    table = [
        (
            str(row["name"]),
            "yes" if row["enabled"] else "no",
            str(row["prefix"]),
            str(row["routes"]),
            ", ".join(row["depends_on"]) or "-",  # type: ignore[arg-type]
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (header, *table)) for i in range(len(header))]
    for line in (header, *table):
        typer.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )


def route_count(manifest: ModuleManifest) -> int:
    """The operations (method and path) the module's routers serve."""
    from fastapi import FastAPI

    from shopfloor.core.registry import ExtraMount, load_router

    probe = FastAPI()
    for mount in (ExtraMount(manifest.prefix, manifest.router), *manifest.extra_mounts):
        probe.include_router(load_router(mount.router), prefix=mount.prefix)
    return sum(len(item) for item in probe.openapi().get("paths", {}).values())


@app.command("graph")
def graph() -> None:
    """Show the dependency graph: each module after the modules it depends on."""
    from shopfloor.core.config import get_settings
    from shopfloor.core.registry import ModuleConfigurationError, resolve_modules

    installed = _installed()
    with reported("cannot read the settings"):
        enabled = set(get_settings().enabled_modules)
    try:
        ordered = resolve_modules(installed, sorted(installed))
    except ModuleConfigurationError as exc:
        fail(str(exc))
    width = max((len(manifest.name) for manifest in ordered), default=0)
    for manifest in ordered:
        state = "" if manifest.name in enabled else "  (disabled)"
        arrow = f" -> {', '.join(manifest.depends_on)}" if manifest.depends_on else ""
        used_by = sorted(m.name for m in ordered if manifest.name in m.depends_on)
        used = f"  [used by {', '.join(used_by)}]" if used_by else ""
        typer.echo(f"{manifest.name.ljust(width)}{arrow}{used}{state}")


@app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The module to remove.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what it would delete and change; do nothing.")
    ] = False,
    discard_migration: Annotated[
        bool,
        typer.Option(
            "--discard-migration",
            help="Also delete the module's own migration (only when no database applied it "
            "and no later migration builds on it).",
        ),
    ] = False,
) -> None:
    """Remove a module's code, tests, docs, contract and ENABLED_MODULES entry.

    Refuses while another module depends on it. Never drops tables: it tells you the
    migration to write. Example: [bold]shopfloor module remove inspection_plan[/bold]
    """
    from shopfloor.cli.db import module_tables
    from shopfloor.cli.project import source_checkout
    from shopfloor.cli.scaffold.generate import ScaffoldError
    from shopfloor.cli.scaffold.removal import plan_remove_module

    project = source_checkout()
    installed = _installed()
    with reported(f"cannot load the models of {name!r}"):
        tables = sorted(module_tables(name)) if name in installed else []
    try:
        removal = plan_remove_module(
            name,
            project=project,
            installed=installed,
            tables=tables,
            discard_migration=discard_migration,
        )
    except ScaffoldError as exc:
        fail(str(exc))
    _verify(removal.changes, None)
    if dry_run:
        _show(removal.changes, with_diffs=True)
        typer.echo("Dry run: nothing was changed.")
        return
    if not yes:
        warning = ""
        if removal.discarded_migrations:
            warning = (
                " Any database that applied "
                f"{', '.join(removal.discarded_migrations)} must be downgraded first."
            )
        question = f"Delete module {name!r} from the source tree?{warning}"
        if not confirm(question, hint="pass --yes to remove without asking"):
            fail("removal cancelled; nothing was changed")
    with reported("removing the module failed; nothing was changed"):
        removal.changes.apply(project.root)
    typer.echo(f"Removed module {name}:")
    _show(removal.changes, with_diffs=False)
    for line in migration_note(name, removal.tables, removal.kept_migrations):
        typer.echo(line)


def migration_note(name: str, tables: list[str], kept: list[str]) -> list[str]:
    if not tables and not kept:
        return ["The module had no tables; no migration is needed."]
    listed = ", ".join(tables) or name
    lines = [
        f"Nothing was dropped: the database keeps {listed}.",
        "When you are ready, write the migration that drops it:",
        f'  shopfloor db revision -m "drop {name}" --autogenerate',
        "  (review it: upgrade() should hold "
        + ", ".join(f'op.drop_table("{table}")' for table in tables or [name])
        + "; then shopfloor db upgrade)",
    ]
    for path in kept:
        lines.append(f"{path} stays: Alembic must still find the revision databases applied.")
    return lines
