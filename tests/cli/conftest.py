"""Fixtures for the CLI tests: throw-away copies of the project and ways to run commands.

Commands that write code run in a copy of the project (src, the test support, these CLI
tests, alembic, pyproject.toml, .env.dev), with the project's own virtual environment:
`SHOPFLOOR_ROOT` and `PYTHONPATH` point the `shopfloor` command at the copy instead of
reinstalling anything. The CLI tests are copied because they name modules in strings, as a
real checkout does (`module remove` must not take those for imports).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from shopfloor.cli.app import app as cli_app
from shopfloor.core.config import get_settings
from shopfloor.core.paths import project_root

COPIED_DIRS = ("src", "alembic", "tests/support", "tests/cli")
COPIED_FILES = (
    "alembic.ini",
    "pyproject.toml",
    ".env.dev",
    "tests/__init__.py",
    "tests/conftest.py",
)
NOT_PART_OF_THE_TREE = frozenset(
    {
        ".venv",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".import_linter_cache",
        ".pytest_cache",
    }
)
COMMAND_TIMEOUT_S = 600


def copy_project(target: Path, source: Path | None = None) -> Path:
    """A copy of the project (or of another copy) that commands may change freely."""
    ignore = shutil.ignore_patterns(*NOT_PART_OF_THE_TREE, "*.pyc")
    if source is not None:
        shutil.copytree(source, target, ignore=ignore, symlinks=True)
    else:
        target.mkdir(parents=True)
        for folder in COPIED_DIRS:
            shutil.copytree(project_root() / folder, target / folder, ignore=ignore)
        for name in COPIED_FILES:
            shutil.copy2(project_root() / name, target / name)
    venv = target / ".venv"
    if not venv.exists():
        # The post-write hook in alembic.ini runs `.venv/bin/ruff` from the project folder.
        venv.symlink_to(Path(sys.prefix))
    return target


def snapshot(root: Path) -> dict[str, str]:
    """Every file of a copy (caches and the environment aside) with a hash of its content."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in NOT_PART_OF_THE_TREE for part in relative.parts) or not path.is_file():
            continue
        found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def command_env(root: Path, **overrides: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DATABASE_URL", "ENABLED_MODULES"))
    }
    env.update(
        {
            "PYTHONPATH": str(root / "src"),
            "SHOPFLOOR_ROOT": str(root),
            "APP_ENV": "test",
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_in(
    root: Path,
    *args: str,
    env: Mapping[str, str | None] | None = None,
    input_text: str | None = None,
) -> Run:
    """`shopfloor ARGS` in a copy, as a separate process (the copy's code, not ours)."""
    return run_tool(root, [sys.executable, "-m", "shopfloor.cli", *args], env, input_text)


def run_tool(
    root: Path,
    command: Sequence[str],
    env: Mapping[str, str | None] | None = None,
    input_text: str | None = None,
) -> Run:
    completed = subprocess.run(
        list(command),
        cwd=root,
        env=command_env(root, **dict(env or {})),
        input=input_text,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def venv_tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


@pytest.fixture(scope="session")
def pristine_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the project made per session; tests copy it again before changing it."""
    return copy_project(tmp_path_factory.mktemp("pristine") / "project")


@pytest.fixture
def project(pristine_project: Path, tmp_path: Path) -> Path:
    """A fresh copy of the project for one test."""
    return copy_project(tmp_path / "project", pristine_project)


class Cli:
    """Runs `shopfloor` in this process with the given environment (settings re-read)."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(
        self,
        *args: str,
        env: Mapping[str, str | None] | None = None,
        input_text: str | None = None,
    ) -> Result:
        environment = {"NO_COLOR": "1", "COLUMNS": "200", **dict(env or {})}
        get_settings.cache_clear()
        try:
            return self.runner.invoke(cli_app, list(args), env=environment, input=input_text)
        finally:
            get_settings.cache_clear()


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def clean_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
