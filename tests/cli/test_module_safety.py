"""`module new` writes all or nothing: dry runs, repeats, broken templates, --force, removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import run_in, snapshot

pytestmark = pytest.mark.slow

NAME = "gauge"
FIELDS = "serial:str:unique size:decimal due:date?"
OVERRIDES = Path(".scaffold/templates/module")


def override(root: Path, template: str, content: str) -> None:
    target = root / OVERRIDES / template
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")


def test_a_dry_run_prints_every_change_and_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = run_in(project, "module", "new", NAME, "--fields", FIELDS, "--enable", "--dry-run")
    assert result.returncode == 0, result.output
    assert snapshot(project) == before
    out = result.stdout
    for path in (
        f"src/shopfloor/{NAME}/__init__.py",
        f"src/shopfloor/{NAME}/service.py",
        f"tests/{NAME}/test_crud.py",
        f"tests/{NAME}/factories.py",
        f"docs/{NAME}.md",
    ):
        assert f"create {path}\n" in out
    assert f"_{NAME}.py\n" in out
    assert "modify pyproject.toml" in out
    assert f'+    "shopfloor.{NAME}",' in out
    assert f'+id = "boundary-{NAME}"' in out
    assert "modify .env.dev" in out
    assert f",{NAME}\n" in out
    assert out.rstrip().endswith("Dry run: nothing was written.")


def test_the_same_command_twice_fails_the_second_time_and_changes_nothing(
    project: Path,
) -> None:
    first = run_in(project, "module", "new", NAME, "--fields", FIELDS)
    assert first.returncode == 0, first.output
    after_first = snapshot(project)
    second = run_in(project, "module", "new", NAME, "--fields", FIELDS)
    assert second.returncode == 1
    assert f"error: module '{NAME}' already exists" in second.stderr
    assert snapshot(project) == after_first
    # Removing asks first; answering no changes nothing either.
    declined = run_in(project, "module", "remove", NAME, input_text="n\n")
    assert declined.returncode == 1
    assert "error: removal cancelled; nothing was changed" in declined.stderr
    assert snapshot(project) == after_first


def test_a_template_that_renders_invalid_python_leaves_nothing_behind(project: Path) -> None:
    override(project, "package/service.py.jinja", '"""Broken."""\n\ndef create(:\n')
    before = snapshot(project)
    result = run_in(project, "module", "new", NAME, "--fields", FIELDS, "--enable")
    assert result.returncode == 1
    assert f"error: src/shopfloor/{NAME}/service.py:3: does not compile" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(project) == before


def test_a_template_that_breaks_a_module_boundary_leaves_nothing_behind(project: Path) -> None:
    # Valid Python that ruff accepts, but reaches into another module's internals.
    override(
        project,
        "package/config.py.jinja",
        '"""Settings."""\n\n'
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n"
        "from shopfloor.audit.models import AuditLog\n\n"
        '__all__ = ["AuditLog"]\n\n\n'
        "class {{ m.class_name }}Settings(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_prefix="{{ m.env_prefix }}")\n',
    )
    before = snapshot(project)
    result = run_in(project, "module", "new", NAME, "--fields", FIELDS)
    assert result.returncode == 1
    assert "error: import-linter reports broken contracts" in result.stderr
    assert f"shopfloor.{NAME}.config -> shopfloor.audit.models" in result.stderr
    assert snapshot(project) == before


def test_an_override_replaces_one_template_file(project: Path) -> None:
    override(
        project,
        "docs.md.jinja",
        "# {{ m.tag }}\n\nHouse documentation for {{ m.name }}.\n",
    )
    result = run_in(project, "module", "new", NAME, "--fields", FIELDS)
    assert result.returncode == 0, result.output
    docs = (project / "docs" / f"{NAME}.md").read_text(encoding="utf-8")
    assert docs == "# Gauges\n\nHouse documentation for gauge.\n"
    assert (project / "src" / "shopfloor" / NAME / "service.py").is_file()


def test_force_regenerates_only_the_modules_own_files(project: Path) -> None:
    first = run_in(project, "module", "new", NAME, "--fields", FIELDS, "--enable")
    assert first.returncode == 0, first.output
    generated = snapshot(project)
    service = project / "src" / "shopfloor" / NAME / "service.py"
    service.write_text(service.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    extra = project / "src" / "shopfloor" / NAME / "rules.py"
    extra.write_text('"""Hand-written rules."""\n', encoding="utf-8")
    forced = run_in(project, "module", "new", NAME, "--fields", FIELDS, "--enable", "--force")
    assert forced.returncode == 0, forced.output
    after = snapshot(project)
    assert extra.read_text(encoding="utf-8") == '"""Hand-written rules."""\n'
    del after[f"src/shopfloor/{NAME}/rules.py"]
    assert after == generated


def test_remove_with_discard_migration_restores_the_tree_exactly(project: Path) -> None:
    before = snapshot(project)
    created = run_in(project, "module", "new", NAME, "--fields", FIELDS, "--enable")
    assert created.returncode == 0, created.output
    removed = run_in(project, "module", "remove", NAME, "--discard-migration", "--yes")
    assert removed.returncode == 0, removed.output
    assert snapshot(project) == before
    assert not (project / "src" / "shopfloor" / NAME).exists()
    assert not (project / "tests" / NAME).exists()
    assert not (project / "docs").exists()
