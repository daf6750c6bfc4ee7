"""Where the project's files live, for an editable install or a checkout."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_NAME = "shopfloor"


def project_root() -> Path:
    """The folder holding `alembic.ini`, the env files and the code the CLI writes.

    `SHOPFLOOR_ROOT` wins; otherwise the Shopfloor checkout the current directory is in;
    otherwise the checkout that holds this package (src layout); otherwise the current
    directory. The checkout you stand in comes before the installed one, so commands run
    with another checkout's environment (`../main/.venv/bin/shopfloor`) still act here.
    """
    override = os.environ.get("SHOPFLOOR_ROOT")
    if override:
        return Path(override).resolve()
    return enclosing_checkout(Path.cwd()) or package_checkout() or Path.cwd()


def enclosing_checkout(start: Path) -> Path | None:
    """`start` or its nearest parent whose pyproject.toml names the shopfloor project."""
    for folder in (start.resolve(), *start.resolve().parents):
        if _names_this_project(folder / "pyproject.toml"):
            return folder
    return None


def package_checkout() -> Path | None:
    """The checkout holding the running `shopfloor` package, for an editable install."""
    checkout = Path(__file__).resolve().parents[3]
    return checkout if (checkout / "alembic.ini").is_file() else None


def _names_this_project(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return False
    project = document.get("project")
    return isinstance(project, dict) and project.get("name") == PROJECT_NAME
