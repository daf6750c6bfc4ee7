"""`module new`: from a name and a field spec to the set of files to write."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from shopfloor.cli.project import Project
from shopfloor.cli.scaffold import contracts, env_file
from shopfloor.cli.scaffold.changes import ChangeSet
from shopfloor.cli.scaffold.context import template_context
from shopfloor.cli.scaffold.fields import FieldSpecError, parse_fields
from shopfloor.cli.scaffold.names import (
    NameContext,
    NameRefusedError,
    check_identifier_lengths,
    check_module_name,
)
from shopfloor.cli.scaffold.spec import ModuleSpec, Revision
from shopfloor.cli.scaffold.templates import TARGETS, environment

if TYPE_CHECKING:
    from shopfloor.core.registry import ModuleManifest

DEFAULT_FIELDS = "name:str"
REQUIRED_DEPENDENCY = "audit"
MODULE_MARKER = "# shopfloor-module: "


class ScaffoldError(RuntimeError):
    """Why the module cannot be generated, in one sentence."""


@dataclass(frozen=True)
class NewModule:
    name: str
    fields: str = DEFAULT_FIELDS
    depends_on: tuple[str, ...] = ()
    enable: bool = False
    force: bool = False
    plural: str | None = None
    label_zh: str | None = None
    description: str | None = None


def module_migrations(project: Project, name: str) -> list[str]:
    """Migration files that carry the module's marker (the ones `module new` wrote)."""
    marker = f"{MODULE_MARKER}{name}"
    found = []
    for path in sorted(project.versions_dir.glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if any(line.strip() == marker for line in lines):
            found.append(project.relative(path))
    return found


def read_revision(text: str, variable: str) -> str | None:
    match = re.search(rf"^{variable}\b[^=]*=\s*['\"]([^'\"]+)['\"]", text, re.MULTILINE)
    return match.group(1) if match else None


def _revision(project: Project, name: str, *, force: bool, now: datetime) -> Revision:
    from shopfloor.cli.migrations import MigrationError, next_revision_id, single_head

    existing = module_migrations(project, name)
    if existing and not force:
        raise ScaffoldError(
            f"{existing[0]} already creates the tables of a module named {name!r} (left by an "
            "earlier `module remove`); delete it if no database applied it, use --force to "
            "regenerate it, or choose another name"
        )
    if existing:
        text = (project.root / existing[0]).read_text(encoding="utf-8")
        revision_id = read_revision(text, "revision")
        if revision_id is None:
            raise ScaffoldError(f"cannot read the revision id of {existing[0]}")
        created = re.search(r"^Create Date: (.+)$", text, re.MULTILINE)
        return Revision(
            id=revision_id,
            down_revision=read_revision(text, "down_revision"),
            filename=existing[0].rsplit("/", 1)[-1],
            created_at=created.group(1).strip() if created else _timestamp(now),
        )
    try:
        head = single_head()
    except MigrationError as exc:
        raise ScaffoldError(str(exc)) from exc
    filename = f"{now:%Y-%m-%d}_{name}.py"
    if (project.versions_dir / filename).exists():
        raise ScaffoldError(f"{project.relative(project.versions_dir / filename)} already exists")
    return Revision(
        id=next_revision_id(head, name),
        down_revision=head,
        filename=filename,
        created_at=_timestamp(now),
    )


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _dependencies(request: NewModule, installed: Mapping[str, ModuleManifest]) -> tuple[str, ...]:
    if REQUIRED_DEPENDENCY not in installed:
        raise ScaffoldError(
            f"generated modules record every change through the {REQUIRED_DEPENDENCY!r} "
            "module, which is not installed"
        )
    ordered = [REQUIRED_DEPENDENCY]
    for dependency in request.depends_on:
        if dependency == request.name:
            raise ScaffoldError("a module cannot depend on itself")
        if dependency not in installed:
            known = ", ".join(sorted(installed))
            raise ScaffoldError(
                f"--depends-on names {dependency!r}, which is not an installed module "
                f"(installed: {known})"
            )
        if dependency not in ordered:
            ordered.append(dependency)
    return tuple(ordered)


def _check_enabled(
    project: Project, spec: ModuleSpec, installed: Mapping[str, ModuleManifest]
) -> str:
    """The new .env.dev text with the module enabled; its dependencies must be enabled."""
    path = project.dev_env_file
    if not path.is_file():
        raise ScaffoldError(f"--enable needs {project.relative(path)}, which does not exist")
    text = path.read_text(encoding="utf-8")
    enabled = env_file.enabled_modules(text)
    if enabled is None:
        raise ScaffoldError(f"--enable: {project.relative(path)} has no ENABLED_MODULES line")
    pending = list(spec.depends_on)
    seen: set[str] = set()
    while pending:
        dependency = pending.pop()
        if dependency in seen:
            continue
        seen.add(dependency)
        if dependency not in enabled:
            raise ScaffoldError(
                f"--enable: the module depends on {dependency!r}, which is not in "
                f"ENABLED_MODULES of {project.relative(path)}; enable it first"
            )
        manifest = installed.get(dependency)
        if manifest is not None:
            pending.extend(manifest.depends_on)
    return env_file.enable(text, spec.name)


def _description(spec: ModuleSpec, given: str | None) -> str:
    text = " ".join((given or "").split())
    if not text:
        return f"The {spec.plural_label} of each organisation: create, list, update, delete."
    if any(mark in text for mark in ('"""', "\\")):
        raise ScaffoldError('--description may not contain """ or backslashes')
    return text if text.endswith(".") else text + "."


def build_spec(
    request: NewModule,
    *,
    project: Project,
    installed: Mapping[str, ModuleManifest],
    tables: Collection[str],
    now: datetime | None = None,
) -> tuple[ModuleSpec, str]:
    """Validate everything about the request; return the spec and the description."""
    now = now or datetime.now(UTC)
    name = request.name
    try:
        check_module_name(
            name,
            NameContext(
                modules=project.module_packages(),
                tables=tables,
                generated=[name] if module_migrations(project, name) else [],
            ),
            allow_existing=request.force,
        )
        fields = tuple(parse_fields(request.fields))
    except (NameRefusedError, FieldSpecError) as exc:
        raise ScaffoldError(str(exc)) from exc
    plural = request.plural or ""
    if plural and not re.fullmatch(r"[a-z][a-z0-9_]*[a-z0-9]", plural):
        raise ScaffoldError(f"--plural {plural!r} must be snake_case like the module name")
    spec = ModuleSpec(
        name=name,
        fields=fields,
        depends_on=_dependencies(request, installed),
        plural=plural,
        label_zh=(request.label_zh or "").strip(),
    )
    try:
        check_identifier_lengths(spec.identifiers())
    except NameRefusedError as exc:
        raise ScaffoldError(str(exc)) from exc
    for other in installed.values():
        if other.name != name and spec.prefix in other.prefixes():
            raise ScaffoldError(
                f"the prefix {spec.prefix!r} is taken by module {other.name!r}; "
                "choose another name or --plural"
            )
    if request.force and name in project.module_packages() and not module_migrations(project, name):
        raise ScaffoldError(
            f"module {name!r} was not made by `module new` (no migration carries its "
            "marker); --force only regenerates generated modules"
        )
    spec = replace(spec, revision=_revision(project, name, force=request.force, now=now))
    return spec, _description(spec, request.description)


def plan_new_module(
    request: NewModule,
    *,
    project: Project,
    installed: Mapping[str, ModuleManifest],
    tables: Collection[str],
    now: datetime | None = None,
) -> tuple[ModuleSpec, ChangeSet]:
    """Every file to create or change for the new module (nothing is written here)."""
    from jinja2 import TemplateError

    now = now or datetime.now(UTC)
    spec, description = build_spec(
        request, project=project, installed=installed, tables=tables, now=now
    )
    assert spec.revision is not None
    context = template_context(spec, description=description)
    env = environment(project.template_overrides)
    changes = ChangeSet()
    for target in TARGETS:
        path = target.target.format(name=spec.name, migration=spec.revision.filename)
        if (project.root / path).exists() and not request.force:
            raise ScaffoldError(f"{path} already exists (use --force to regenerate it)")
        try:
            content = env.get_template(target.template).render(context)
        except TemplateError as exc:
            raise ScaffoldError(f"template {target.template}: {exc}") from exc
        changes.write(project.root, path, content)
    pyproject = project.pyproject.read_text(encoding="utf-8")
    try:
        changes.write(project.root, "pyproject.toml", contracts.add_module(pyproject, spec.name))
    except contracts.ContractBlockError as exc:
        raise ScaffoldError(f"pyproject.toml: {exc}") from exc
    if request.enable:
        enabled_text = _check_enabled(project, spec, installed)
        changes.write(project.root, project.relative(project.dev_env_file), enabled_text)
    return spec, changes
