"""`module remove`: the files to delete and edit, and the migration the developer must write.

Removing a module never touches a database and keeps the migrations that created its
tables (databases may have applied them); it explains the migration that drops the tables.
`--discard-migration` also deletes the module's own migration when nothing builds on it,
for a module that was never applied anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shopfloor.cli.project import Project
from shopfloor.cli.scaffold import contracts, env_file
from shopfloor.cli.scaffold.changes import ChangeSet
from shopfloor.cli.scaffold.generate import ScaffoldError, module_migrations

if TYPE_CHECKING:
    from shopfloor.core.registry import ModuleManifest

SEARCHED_FOR_IMPORTS = ("src", "tests", "alembic/env.py")


@dataclass
class Removal:
    changes: ChangeSet
    tables: list[str]
    kept_migrations: list[str] = field(default_factory=list)
    discarded_migrations: list[str] = field(default_factory=list)


def _files_under(project: Project, folder: str) -> list[str]:
    base = project.root / folder
    if not base.is_dir():
        return []
    return sorted(
        project.relative(path)
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _importers(project: Project, name: str, own: Collection[str]) -> list[str]:
    pattern = re.compile(rf"\bshopfloor\.{re.escape(name)}\b|\bfrom shopfloor import {name}\b")
    found: list[str] = []
    for root_name in SEARCHED_FOR_IMPORTS:
        root = project.root / root_name
        candidates = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in candidates:
            relative = project.relative(path)
            if relative in own or "__pycache__" in path.parts:
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                found.append(relative)
    return found


def plan_remove_module(
    name: str,
    *,
    project: Project,
    installed: Mapping[str, ModuleManifest],
    tables: list[str],
    discard_migration: bool,
) -> Removal:
    if name not in project.module_packages():
        available = ", ".join(project.module_packages()) or "none"
        raise ScaffoldError(f"there is no module {name!r} (installed: {available})")
    dependents = sorted(other.name for other in installed.values() if name in other.depends_on)
    if dependents:
        raise ScaffoldError(
            f"{', '.join(map(repr, dependents))} depend(s) on {name!r}; remove them first "
            "or drop the dependency from their manifests"
        )
    changes = ChangeSet()
    own = [
        *_files_under(project, f"src/shopfloor/{name}"),
        *_files_under(project, f"tests/{name}"),
    ]
    docs = project.docs_dir / f"{name}.md"
    if docs.is_file():
        own.append(project.relative(docs))
    importers = _importers(project, name, own)
    if importers:
        raise ScaffoldError(
            f"{importers[0]} still imports shopfloor.{name}"
            + (f" (and {len(importers) - 1} more file(s))" if len(importers) > 1 else "")
        )
    for path in own:
        changes.delete(project.root, path)
    changes.prune_dirs.extend(
        folder
        for folder in (f"src/shopfloor/{name}", f"tests/{name}")
        if (project.root / folder).is_dir()
    )
    # docs/ goes too when the module's page was the only file in it.
    changes.drop_if_empty.append("docs")
    pyproject = project.pyproject.read_text(encoding="utf-8")
    try:
        changes.write(project.root, "pyproject.toml", contracts.remove_module(pyproject, name))
    except contracts.ContractBlockError as exc:
        raise ScaffoldError(f"pyproject.toml: {exc}") from exc
    if project.dev_env_file.is_file():
        text = project.dev_env_file.read_text(encoding="utf-8")
        changes.write(
            project.root, project.relative(project.dev_env_file), env_file.disable(text, name)
        )
    removal = Removal(changes=changes, tables=tables)
    migrations = module_migrations(project, name)
    if discard_migration:
        _discard(project, migrations, removal)
    else:
        removal.kept_migrations = migrations
    return removal


def _discard(project: Project, migrations: list[str], removal: Removal) -> None:
    from shopfloor.cli.migrations import heads
    from shopfloor.cli.scaffold.generate import read_revision

    if not migrations:
        raise ScaffoldError("--discard-migration: the module has no migration made by `module new`")
    head_set = set(heads())
    for path in migrations:
        revision = read_revision((project.root / path).read_text(encoding="utf-8"), "revision")
        if revision not in head_set:
            raise ScaffoldError(
                f"--discard-migration: later migrations build on {path}; keep it and write a "
                "migration that drops the tables instead"
            )
        removal.changes.delete(project.root, path)
        removal.discarded_migrations.append(path)
