"""Commands act on the Shopfloor checkout they are run in, whichever one installed the package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from shopfloor.core.paths import package_checkout, project_root
from tests.cli.conftest import run_tool


def test_the_checkout_of_the_current_directory_comes_first(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHOPFLOOR_ROOT", raising=False)
    monkeypatch.chdir(project / "src" / "shopfloor")

    assert project_root() == project.resolve()
    assert package_checkout() != project.resolve()


def test_shopfloor_root_still_wins(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPFLOOR_ROOT", str(tmp_path))
    monkeypatch.chdir(project)

    assert project_root() == tmp_path.resolve()


def test_outside_any_checkout_the_installed_one_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other-project"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "not-shopfloor"\n', encoding="utf-8")
    monkeypatch.delenv("SHOPFLOOR_ROOT", raising=False)
    monkeypatch.chdir(other)

    assert project_root() == package_checkout()


def test_module_new_writes_into_the_checkout_it_runs_in(project: Path) -> None:
    installed = package_checkout()
    assert installed is not None
    # No PYTHONPATH and no SHOPFLOOR_ROOT: the package imported is the installed one, from
    # another checkout, as with `../main/.venv/bin/shopfloor` run in a second worktree.
    result = run_tool(
        project / "tests",
        [sys.executable, "-m", "shopfloor.cli", "module", "new", "gauge", "--fields", "code:str"],
        env={"PYTHONPATH": None, "SHOPFLOOR_ROOT": None},
    )

    assert result.returncode == 0, result.output
    assert (project / "src" / "shopfloor" / "gauge" / "service.py").is_file()
    assert (project / "tests" / "gauge").is_dir()
    assert "gauge" in (project / "pyproject.toml").read_text(encoding="utf-8")
    assert list((project / "alembic" / "versions").glob("*_gauge.py"))
    assert not (installed / "src" / "shopfloor" / "gauge").exists()
    assert not (installed / "tests" / "gauge").exists()
    assert not list((installed / "alembic" / "versions").glob("*_gauge.py"))
    assert (
        f"note: writing to {project.resolve()}; the shopfloor package running this command "
        f"is the one in {installed}"
    ) in result.stderr
