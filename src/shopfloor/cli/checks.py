"""`shopfloor check`: the project is consistent (modules, boundaries, migrations, schema)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import typer

from shopfloor.cli.errors import explain, fail


@dataclass(frozen=True)
class Outcome:
    ok: bool
    summary: str
    details: tuple[str, ...] = ()


def check_registry() -> Outcome:
    """Every installed module loads and the set is consistent; the configured app builds."""
    from shopfloor.core.config import get_settings
    from shopfloor.core.registry import discover_modules, resolve_modules
    from shopfloor.main import create_app

    installed = discover_modules()
    resolve_modules(installed, sorted(installed))
    settings = get_settings()
    application = create_app(settings, configure_logs=False)
    enabled = application.state.enabled_modules
    operations = sum(len(item) for item in application.openapi().get("paths", {}).values())
    return Outcome(
        True,
        f"{len(installed)} module(s) installed, {len(enabled)} enabled, "
        f"{operations} operations documented",
    )


def check_contracts() -> Outcome:
    """Each module has its boundary contract and its place in the core contract."""
    import tomllib

    from shopfloor.cli.project import current_project
    from shopfloor.cli.scaffold.contracts import contract_problems
    from shopfloor.core.registry import discover_modules

    project = current_project()
    with project.pyproject.open("rb") as handle:
        pyproject = tomllib.load(handle)
    modules = project.module_packages()
    problems = contract_problems(pyproject, modules=modules, with_manifest=list(discover_modules()))
    if problems:
        return Outcome(False, f"{len(problems)} contract problem(s)", tuple(problems))
    return Outcome(True, f"contracts match the {len(modules)} module folder(s)")


def check_boundaries() -> Outcome:
    """import-linter: no module reaches into another one's internals."""
    import subprocess

    from shopfloor.cli.project import current_project
    from shopfloor.cli.scaffold.verify import tool

    lint_imports = tool("lint-imports")
    if lint_imports is None:
        return Outcome(False, "lint-imports is not installed (install the dev dependencies)")
    result = subprocess.run(  # noqa: S603 (fixed tool and arguments)
        [lint_imports], cwd=current_project().root, capture_output=True, text=True, check=False
    )
    output = (result.stdout + result.stderr).splitlines()
    summary = next((line.strip() for line in output if "kept" in line and "broken" in line), "")
    if result.returncode != 0:
        start = next((i for i, line in enumerate(output) if "Broken contracts" in line), 0)
        details = tuple(line for line in output[start:] if line.strip())[:20]
        return Outcome(False, summary or "import-linter failed", details)
    return Outcome(True, summary or "all contracts kept")


def check_heads() -> Outcome:
    from shopfloor.cli.migrations import heads

    found = heads()
    if len(found) != 1:
        what = "no migrations" if not found else f"{len(found)} heads: {', '.join(sorted(found))}"
        return Outcome(False, f"expected one Alembic head, found {what}")
    return Outcome(True, f"one head: {found[0]}")


def check_drift() -> Outcome:
    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.migrations import schema_drift

    differences = schema_drift(resolve_database_url())
    if differences:
        return Outcome(
            False,
            f"models and migrations disagree ({len(differences)} difference(s))",
            tuple(differences),
        )
    return Outcome(True, "models and migrations agree")


def _run(name: str, step: Callable[[], Outcome]) -> Outcome:
    try:
        outcome = step()
    except typer.Exit:
        raise
    # A failed check is reported and the others still run.
    except Exception as exc:
        outcome = Outcome(False, explain(exc))
    label = (
        typer.style("ok  ", fg=typer.colors.GREEN)
        if outcome.ok
        else typer.style("FAIL", fg=typer.colors.RED, bold=True)
    )
    typer.echo(f"{label}  {name:<11} {outcome.summary}")
    for line in outcome.details:
        typer.echo(f"        {line}")
    return outcome


def check(
    skip_db: Annotated[
        bool, typer.Option("--skip-db", help="Skip the model/migration comparison.")
    ] = False,
) -> None:
    """Check the project: registry, boundary contracts, one migration head, no schema drift.

    The schema comparison uses DATABASE_URL (or the embedded database); pending migrations
    run inside a transaction that is rolled back, so the database is not changed.
    Exits 1 when any check fails. Example: [bold]shopfloor check[/bold]
    """
    steps: list[tuple[str, Callable[[], Outcome]]] = [
        ("registry", check_registry),
        ("contracts", check_contracts),
        ("boundaries", check_boundaries),
        ("migrations", check_heads),
    ]
    if not skip_db:
        steps.append(("schema", check_drift))
    failed = [name for name, step in steps if not _run(name, step).ok]
    if failed:
        fail(f"{len(failed)} check(s) failed: {', '.join(failed)}")
    typer.echo("All checks passed.")
