"""The module templates: shipped in the package, overridable one file at a time.

A project overrides a template by placing a file with the same relative path under
`.scaffold/templates/module/` (for example `.scaffold/templates/module/package/service.py.jinja`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "module"


@dataclass(frozen=True)
class TemplateTarget:
    template: str
    target: str  # a format string over the module name (and the migration file name)


MODULE_FILES = (
    "__init__.py",
    "router.py",
    "schemas.py",
    "models.py",
    "service.py",
    "dependencies.py",
    "config.py",
    "exceptions.py",
    "constants.py",
)
TEST_FILES = ("__init__.py", "factories.py", "test_crud.py", "test_validation.py", "test_access.py")

TARGETS: tuple[TemplateTarget, ...] = (
    *(
        TemplateTarget(f"package/{name}.jinja", f"src/shopfloor/{{name}}/{name}")
        for name in MODULE_FILES
    ),
    *(TemplateTarget(f"tests/{name}.jinja", f"tests/{{name}}/{name}") for name in TEST_FILES),
    TemplateTarget("docs.md.jinja", "docs/{name}.md"),
    TemplateTarget("migration.py.jinja", "alembic/versions/{migration}"),
)


def module_paths(name: str) -> list[str]:
    """The files `module new` writes for a module, apart from its migration."""
    return [
        target.target.format(name=name) for target in TARGETS if "{migration}" not in target.target
    ]


def python_literal(value: Any) -> str:
    """A Python literal for a str, number, bool or None (JSON escapes are valid Python)."""
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def environment(overrides: Path) -> Environment:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    loaders = [FileSystemLoader(str(PACKAGED_TEMPLATES))]
    if overrides.is_dir():
        loaders.insert(0, FileSystemLoader(str(overrides)))
    env = Environment(  # noqa: S701 (renders Python source and Markdown, never HTML)
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pyrepr"] = repr
    env.filters["pystr"] = python_literal
    return env
