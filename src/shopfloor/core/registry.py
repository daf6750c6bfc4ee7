"""The module system: manifests, discovery, validation, ordering and mounting.

A domain module is a sub-package of `shopfloor` whose `__init__.py` defines `manifest`.
At startup the registry discovers the installed modules, checks `ENABLED_MODULES` against
them (unknown names, duplicates, missing dependencies, cycles, prefix clashes, required
capabilities), validates the settings of the enabled ones, and mounts their routers under the
API prefix in dependency order, each as its own OpenAPI tag group. Every problem is reported
before the server accepts a request, as one line.

Disabled modules are not mounted, but their models are still imported, so the metadata (and
therefore every migration) does not depend on which modules are enabled.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI
from pydantic import ValidationError
from pydantic_settings import BaseSettings

from shopfloor.core.i18n import Catalogue
from shopfloor.core.routing import literal_segments_first

# Sub-packages of `shopfloor` that are not domain modules.
NON_MODULE_PACKAGES = frozenset({"core", "cli"})

RouterRef = str | APIRouter | Callable[[], APIRouter]


class ModuleConfigurationError(RuntimeError):
    """A one-line reason why the enabled module set cannot start."""


@dataclass(frozen=True)
class ExtraMount:
    """A router a module mounts at a second prefix, e.g. `/work-centers/{id}/dispatches`."""

    prefix: str
    router: RouterRef


@dataclass(frozen=True)
class StartupContext:
    app: FastAPI
    settings: BaseSettings | None


@dataclass(frozen=True)
class ModuleManifest:
    """What a module declares about itself in its `__init__.py`.

    `router` and `models` are dotted references (`"pkg.mod:attr"`, `"pkg.mod"`) so that
    reading a manifest stays cheap and a disabled module's routes are never imported.
    """

    name: str
    tag: str
    description: str
    prefix: str
    router: RouterRef
    depends_on: tuple[str, ...] = ()
    settings_class: type[BaseSettings] | None = None
    models: str | None = None
    messages: Catalogue = field(default_factory=dict)
    field_messages: Catalogue = field(default_factory=dict)
    # Unique constraint name -> error code answered with 409 when it is violated.
    constraint_errors: Mapping[str, str] = field(default_factory=dict)
    provides: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    extra_mounts: tuple[ExtraMount, ...] = ()
    on_startup: Callable[[StartupContext], None] | str | None = None
    # Permissions a module adds on top of the built-in role matrix: permission -> roles.
    # Used by modules added after the core product (for example scaffolded ones).
    permissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def prefixes(self) -> list[str]:
        return [normalise_prefix(self.prefix)] + [
            normalise_prefix(mount.prefix) for mount in self.extra_mounts
        ]


def normalise_prefix(prefix: str) -> str:
    cleaned = "/" + prefix.strip().strip("/")
    return cleaned if cleaned != "/" else ""


def resolve_ref(ref: Any) -> Any:
    """Load `"package.module:attribute"` (or return `ref` when it is already an object)."""
    if not isinstance(ref, str):
        return ref
    module_name, _, attribute = ref.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def load_router(ref: RouterRef) -> APIRouter:
    loaded = resolve_ref(ref)
    if not isinstance(loaded, APIRouter) and callable(loaded):
        loaded = loaded()
    if not isinstance(loaded, APIRouter):
        raise ModuleConfigurationError(f"router reference {ref!r} is not an APIRouter")
    return loaded


# -- discovery ------------------------------------------------------------------------------


def discover_modules(package: str = "shopfloor") -> dict[str, ModuleManifest]:
    """Every installed domain module of `package`, by name."""
    root = importlib.import_module(package)
    found: dict[str, ModuleManifest] = {}
    for info in sorted(pkgutil.iter_modules(root.__path__), key=lambda item: item.name):
        if not info.ispkg or info.name in NON_MODULE_PACKAGES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        manifest = getattr(module, "manifest", None)
        if manifest is None:
            continue
        if not isinstance(manifest, ModuleManifest):
            raise ModuleConfigurationError(
                f"{package}.{info.name}.manifest is not a ModuleManifest"
            )
        if manifest.name != info.name:
            raise ModuleConfigurationError(
                f"module folder {info.name!r} declares the name {manifest.name!r}; they must match"
            )
        found[manifest.name] = manifest
    return found


def module_package(manifest: ModuleManifest) -> str | None:
    """The dotted package a manifest lives in, from its models or router reference."""
    for ref in (manifest.models, manifest.router):
        if isinstance(ref, str):
            return ref.partition(":")[0].rsplit(".", 1)[0]
    return None


def import_models(modules: Iterable[ModuleManifest]) -> list[ModuleType]:
    """Import the models of every given module so they join the shared metadata."""
    return [importlib.import_module(m.models) for m in modules if m.models]


# -- validation and ordering ----------------------------------------------------------------


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {matches[0]!r}?" if matches else ""


def _check_names(installed: Mapping[str, ModuleManifest], enabled: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in enabled:
        if name in seen:
            raise ModuleConfigurationError(f"module {name!r} is listed twice in ENABLED_MODULES")
        seen.add(name)
        if name not in installed:
            available = ", ".join(sorted(installed)) or "none"
            raise ModuleConfigurationError(
                f"unknown module {name!r} in ENABLED_MODULES"
                f"{_did_you_mean(name, installed)} (installed: {available})"
            )


def _find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str] | None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        if node in done:
            return None
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        visiting.append(node)
        for dependency in graph.get(node, ()):
            if dependency in graph:
                cycle = visit(dependency)
                if cycle:
                    return cycle
        visiting.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def _check_dependencies(installed: Mapping[str, ModuleManifest], enabled: Sequence[str]) -> None:
    enabled_set = set(enabled)

    def missing_chain(name: str, path: list[str]) -> list[str] | None:
        for dependency in installed[name].depends_on:
            if dependency in path:
                continue  # reported as a cycle
            if dependency not in enabled_set:
                return [*path, dependency]
            chain = missing_chain(dependency, [*path, dependency])
            if chain:
                return chain
        return None

    for name in enabled:
        chain = missing_chain(name, [name])
        if chain:
            missing = chain[-1]
            where = "is not enabled" if missing in installed else "is not installed"
            raise ModuleConfigurationError(
                f"module {name!r} depends on {missing!r} ({' -> '.join(chain)}), which {where}; "
                f"add {missing!r} to ENABLED_MODULES or disable {name!r}"
            )


def _check_prefixes(ordered: Sequence[ModuleManifest]) -> None:
    owners: dict[str, str] = {}
    for manifest in ordered:
        for prefix in manifest.prefixes():
            if not prefix:
                raise ModuleConfigurationError(
                    f"module {manifest.name!r} must mount under a prefix such as '/things'"
                )
            owner = owners.get(prefix)
            if owner is not None and owner != manifest.name:
                raise ModuleConfigurationError(
                    f"modules {owner!r} and {manifest.name!r} both claim the prefix {prefix!r}"
                )
            owners[prefix] = manifest.name


def _check_capabilities(
    installed: Mapping[str, ModuleManifest], ordered: Sequence[ModuleManifest]
) -> None:
    provided = {capability for manifest in ordered for capability in manifest.provides}
    for manifest in ordered:
        for capability in manifest.requires:
            if capability in provided:
                continue
            providers = sorted(n for n, m in installed.items() if capability in m.provides)
            hint = f"; enable {' or '.join(map(repr, providers))}" if providers else ""
            raise ModuleConfigurationError(
                f"module {manifest.name!r} requires {capability!r}, "
                f"which no enabled module provides{hint}"
            )


def _topological_order(
    installed: Mapping[str, ModuleManifest], enabled: Sequence[str]
) -> list[ModuleManifest]:
    ordered: list[ModuleManifest] = []
    placed: set[str] = set()

    def place(name: str) -> None:
        if name in placed:
            return
        for dependency in installed[name].depends_on:
            place(dependency)
        placed.add(name)
        ordered.append(installed[name])

    for name in enabled:
        place(name)
    return ordered


def resolve_modules(
    installed: Mapping[str, ModuleManifest], enabled: Sequence[str]
) -> list[ModuleManifest]:
    """Validate `enabled` against `installed`; return the enabled manifests in dependency order."""
    _check_names(installed, enabled)
    graph = {name: installed[name].depends_on for name in enabled}
    cycle = _find_cycle(graph)
    if cycle:
        raise ModuleConfigurationError(f"module dependency cycle: {' -> '.join(cycle)}")
    _check_dependencies(installed, enabled)
    ordered = _topological_order(installed, enabled)
    _check_prefixes(ordered)
    _check_capabilities(installed, ordered)
    return ordered


# -- settings -------------------------------------------------------------------------------


def _env_name(settings_class: type[BaseSettings], field_name: str) -> str:
    prefix = str(settings_class.model_config.get("env_prefix") or "")
    return f"{prefix}{field_name}".upper()


def _first_problem(settings_class: type[BaseSettings], exc: ValidationError) -> str:
    first = exc.errors(include_input=False, include_url=False)[0]
    field_name = ".".join(str(part) for part in first["loc"])
    if not field_name:
        return str(first["msg"])
    return f"{_env_name(settings_class, field_name)}: {first['msg']}"


def load_module_settings(
    ordered: Sequence[ModuleManifest],
    *,
    env_file: Path | None,
    overrides: Mapping[str, BaseSettings] | None = None,
    production: bool = False,
) -> dict[str, BaseSettings]:
    """Instantiate (and so validate) the settings of the enabled modules only."""
    loaded: dict[str, BaseSettings] = {}
    for manifest in ordered:
        if overrides and manifest.name in overrides:
            loaded[manifest.name] = overrides[manifest.name]
        elif manifest.settings_class is not None:
            settings_class = manifest.settings_class
            try:
                loaded[manifest.name] = settings_class(_env_file=env_file)
            except ValidationError as exc:
                # `from None`: pydantic's own text repeats the rejected value, which may be a
                # secret; the one line below names the variable and the rule instead.
                raise ModuleConfigurationError(
                    f"invalid settings for module {manifest.name!r}: "
                    f"{_first_problem(settings_class, exc)}"
                ) from None
        else:
            continue
        if production:
            check = getattr(loaded[manifest.name], "production_problems", None)
            problems: list[str] = list(check()) if callable(check) else []
            if problems:
                raise ModuleConfigurationError(
                    f"refusing to start in prod: module {manifest.name!r}: " + "; ".join(problems)
                )
    return loaded


# -- mounting -------------------------------------------------------------------------------


def openapi_tags(ordered: Sequence[ModuleManifest]) -> list[dict[str, str]]:
    return [{"name": manifest.tag, "description": manifest.description} for manifest in ordered]


def mount_modules(app: FastAPI, ordered: Sequence[ModuleManifest], api_prefix: str) -> None:
    """Include every enabled module's routers under `api_prefix`, each with its module's tag.

    The tag is set here, at include time; a module's router declares only its own routes,
    with their permissions and errors (the errors every route has are added to OpenAPI by
    `core/openapi_errors.py`). A path a route spells out wins over a sibling's parameter
    (`core/routing.py`).
    """
    for manifest in ordered:
        for mount in [ExtraMount(manifest.prefix, manifest.router), *manifest.extra_mounts]:
            app.include_router(
                literal_segments_first(load_router(mount.router)),
                prefix=normalise_prefix(api_prefix + normalise_prefix(mount.prefix)),
                tags=[manifest.tag],
            )


def module_permissions(ordered: Sequence[ModuleManifest]) -> dict[str, frozenset[str]]:
    """Role -> the permissions enabled modules grant it through their manifests."""
    granted: dict[str, set[str]] = {}
    for manifest in ordered:
        for permission, roles in manifest.permissions.items():
            for role in roles:
                granted.setdefault(role, set()).add(permission)
    return {role: frozenset(permissions) for role, permissions in granted.items()}


def run_startup_hooks(
    app: FastAPI, ordered: Sequence[ModuleManifest], settings: Mapping[str, BaseSettings]
) -> None:
    for manifest in ordered:
        if manifest.on_startup is None:
            continue
        hook = resolve_ref(manifest.on_startup)
        hook(StartupContext(app=app, settings=settings.get(manifest.name)))


SettingsT = TypeVar("SettingsT", bound=BaseSettings)


def settings_of(app: FastAPI, name: str, settings_class: type[SettingsT]) -> SettingsT:
    """The validated settings of an enabled module (used by each module's dependencies)."""
    loaded = app.state.module_settings.get(name)
    if not isinstance(loaded, settings_class):
        raise RuntimeError(f"settings of module {name!r} are not loaded (is it enabled?)")
    return loaded
