"""Check generated files in a throw-away copy of the project before anything is written.

The copy holds the project's src, tests, alembic and pyproject.toml with the changes
applied. There the new Python files must compile, are tidied and formatted by ruff and must
then pass `ruff check`; the new module must import (manifest, router, models) and the
import-linter contracts must hold. The formatted files replace the rendered ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from shopfloor.cli.scaffold.changes import ChangeKind, ChangeSet

COPIED = ("src", "tests", "alembic")
OUTPUT_LINES = 20

IMPORT_CHECK = """
import importlib, sys
from shopfloor.core.registry import load_router, resolve_ref
from shopfloor.core.models import Base
name = sys.argv[1]
manifest = importlib.import_module(f"shopfloor.{name}").manifest
assert manifest.name == name, f"the manifest is named {manifest.name!r}"
load_router(manifest.router)
importlib.import_module(manifest.models)
assert name in Base.metadata.tables, f"no table {name!r} in the models"
"""


class VerificationError(RuntimeError):
    """A generated file failed a check; the message says which and why."""


def tool(name: str) -> str | None:
    """A tool installed next to the running Python (the project's environment), or on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    return shutil.which(name)


def _run(
    command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (fixed tool, arguments built here)
        list(command), cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    """The part of a tool's output that explains the failure: its last lines.

    A traceback ends with the exception, so the last lines are the ones to show.
    """
    text = (result.stdout + "\n" + result.stderr).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    # import-linter prints a banner and every kept contract before the broken ones.
    start = next((i for i, line in enumerate(lines) if "Broken contracts" in line), 0)
    lines = lines[start:]
    if len(lines) > OUTPUT_LINES:
        left_out = len(lines) - OUTPUT_LINES
        lines = [f"... ({left_out} earlier line(s) left out)", *lines[-OUTPUT_LINES:]]
    return "\n".join(lines)


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1].strip() if lines else f"exit status {result.returncode}"


def _stage(root: Path, stage: Path, changes: ChangeSet) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache")
    for name in COPIED:
        if (root / name).is_dir():
            shutil.copytree(root / name, stage / name, ignore=ignore, symlinks=True)
    shutil.copy2(root / "pyproject.toml", stage / "pyproject.toml")
    for change in changes.changes:
        target = stage / change.path
        if change.kind is ChangeKind.DELETE:
            target.unlink(missing_ok=True)
        elif change.path.split("/")[0] in (*COPIED, "pyproject.toml"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(change.new or "", encoding="utf-8")


def _compile(changes: ChangeSet) -> None:
    for change in changes.python_files():
        try:
            compile(change.new or "", change.path, "exec", dont_inherit=True)
        except SyntaxError as exc:
            raise VerificationError(
                f"{change.path}:{exc.lineno}: does not compile: {exc.msg}"
            ) from exc


def verify_changes(
    root: Path,
    changes: ChangeSet,
    *,
    module: str | None,
    progress: Callable[[str], None] = lambda message: None,
) -> list[str]:
    """Run every check; update `changes` with the formatted files; return skipped checks."""
    skipped: list[str] = []
    progress("compiling the generated files")
    _compile(changes)
    python_paths = [change.path for change in changes.python_files()]
    with tempfile.TemporaryDirectory(prefix="shopfloor-scaffold-") as temporary:
        stage = Path(temporary)
        _stage(root, stage, changes)
        ruff = tool("ruff")
        if ruff is None:
            skipped.append("ruff (not installed)")
        elif python_paths:
            progress("formatting and linting with ruff")
            _run(
                [ruff, "check", "--fix", "--select", "I,F401", "--quiet", *python_paths], cwd=stage
            )
            formatted = _run([ruff, "format", "--quiet", *python_paths], cwd=stage)
            if formatted.returncode != 0:
                raise VerificationError(f"ruff format failed\n{_tail(formatted)}")
            linted = _run([ruff, "check", "--quiet", *python_paths], cwd=stage)
            if linted.returncode != 0:
                raise VerificationError(f"ruff check failed\n{_tail(linted)}")
            for path in python_paths:
                changes.replace_content(path, (stage / path).read_text(encoding="utf-8"))
        env = {
            **os.environ,
            "PYTHONPATH": str(stage / "src"),
            "SHOPFLOOR_ROOT": str(stage),
            "APP_ENV": "test",
        }
        if module is not None:
            progress(f"importing shopfloor.{module}")
            imported = _run([sys.executable, "-c", IMPORT_CHECK, module], cwd=stage, env=env)
            if imported.returncode != 0:
                raise VerificationError(
                    f"the new module does not import: {_last_line(imported)}\n{_tail(imported)}"
                )
        lint_imports = tool("lint-imports")
        if lint_imports is None:
            skipped.append("import-linter (not installed)")
        else:
            progress("checking the module boundaries with import-linter")
            linted = _run([lint_imports, "--no-cache"], cwd=stage, env=env)
            if linted.returncode != 0:
                raise VerificationError(f"import-linter reports broken contracts\n{_tail(linted)}")
    return skipped
