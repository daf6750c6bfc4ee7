"""`module remove`: the files to delete and edit, and the migration the developer must write.

Removing a module never touches a database and keeps the migrations that created its
tables (databases may have applied them); it explains the migration that drops the tables.
`--discard-migration` also deletes the module's own migration when nothing builds on it,
for a module that was never applied anywhere.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
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


@dataclass(frozen=True)
class Importer:
    """A file outside the module that imports it, with where (or why it is suspected)."""

    path: str
    line: int | None
    # Set when the file does not parse: it only mentions the module, its imports are unknown.
    unparsed: str | None = None

    def describe(self, name: str) -> str:
        if self.unparsed is not None:
            return (
                f"{self.path} mentions shopfloor.{name} and cannot be parsed as Python "
                f"({self.unparsed}), so its imports cannot be checked; fix it first"
            )
        return f"{self.path}:{self.line} still imports shopfloor.{name}"


def _package_of(project: Project, path: Path) -> str | None:
    """The dotted package a file under src/ belongs to, for its relative imports."""
    try:
        parts = path.relative_to(project.root / "src").with_suffix("").parts
    except ValueError:
        return None
    package = parts if parts[-1] == "__init__" else parts[:-1]
    return ".".join(part for part in package if part != "__init__") or None


def _absolute(node: ast.ImportFrom, package: str | None) -> str | None:
    if node.level == 0:
        return node.module
    if package is None:
        return None
    base = package.split(".")
    if node.level - 1 >= len(base):
        return None
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


# Functions that import the module named by their first argument at run time.
_IMPORT_CALLS = frozenset({"import_module", "__import__"})


def _imported_by_call(node: ast.Call) -> str | None:
    """The module name a call such as `importlib.import_module("shopfloor.x")` imports."""
    func = node.func
    called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if called not in _IMPORT_CALLS or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def imports_module(tree: ast.AST, name: str, package: str | None = None) -> int | None:
    """The first line that imports `shopfloor.<name>` (or a module inside it), if any.

    Import statements count, and calls that import a module named by a literal string
    (`importlib.import_module("shopfloor.<name>.service")`, `__import__(...)`). Any other
    string, or a comment, that mentions the module does not.
    """
    target = f"shopfloor.{name}"

    def inside(module: str) -> bool:
        return module == target or module.startswith(target + ".")

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            imported = _imported_by_call(node)
            if imported is not None and inside(imported):
                lines.append(node.lineno)
        elif isinstance(node, ast.Import):
            if any(inside(alias.name) for alias in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, package)
            if module is not None and (
                inside(module)
                or (module == "shopfloor" and any(alias.name == name for alias in node.names))
            ):
                lines.append(node.lineno)
    return min(lines, default=None)


def _parse(source: bytes, filename: str) -> tuple[ast.AST | None, str]:
    try:
        return ast.parse(source, filename=filename), ""
    except SyntaxError as exc:
        return None, f"line {exc.lineno}: {exc.msg}"
    except ValueError as exc:  # null bytes, on Python 3.11
        return None, str(exc)


def _importers(project: Project, name: str, own: Collection[str]) -> list[Importer]:
    escaped = re.escape(name)
    mention = re.compile(
        rf"\bshopfloor\.{escaped}\b|\bfrom\s+shopfloor\s+import\s+\(?[\w\s,]*?\b{escaped}\b"
    )
    found: list[Importer] = []
    for root_name in SEARCHED_FOR_IMPORTS:
        root = project.root / root_name
        candidates = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in candidates:
            relative = project.relative(path)
            if relative in own or "__pycache__" in path.parts:
                continue
            tree, problem = _parse(path.read_bytes(), relative)
            if tree is None:
                # Unparsable: only a mention can be seen, and it may well be an import.
                text = path.read_text(encoding="utf-8", errors="replace")
                if mention.search(text):
                    found.append(Importer(relative, None, unparsed=problem))
                continue
            line = imports_module(tree, name, _package_of(project, path))
            if line is not None:
                found.append(Importer(relative, line))
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
            importers[0].describe(name)
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
