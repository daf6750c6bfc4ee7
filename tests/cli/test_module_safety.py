"""`module new` writes all or nothing: dry runs, repeats, broken templates, --force, removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import run_in, run_tool, snapshot, venv_tool
from tests.support.database import temporary_database

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
    assert f"error: module '{NAME}' already exists (use --force to regenerate its files)" in (
        second.stderr
    )
    assert snapshot(project) == after_first
    # Removing asks first; answering no changes nothing either.
    declined = run_in(project, "module", "remove", NAME, input_text="n\n")
    assert declined.returncode == 1
    assert "error: removal cancelled; nothing was changed" in declined.stderr
    assert snapshot(project) == after_first
    # Without a terminal to answer (a script), it says how to skip the question.
    unanswered = run_in(project, "module", "remove", NAME, input_text="")
    assert unanswered.returncode == 1
    assert "Aborted" not in unanswered.output
    assert (
        "error: no answer: standard input ended (not a terminal?); "
        "pass --yes to remove without asking"
    ) in unanswered.stderr
    assert snapshot(project) == after_first


def test_a_template_that_renders_invalid_python_leaves_nothing_behind(project: Path) -> None:
    override(project, "package/service.py.jinja", '"""Broken."""\n\ndef create(:\n')
    before = snapshot(project)
    result = run_in(project, "module", "new", NAME, "--fields", FIELDS, "--enable")
    assert result.returncode == 1
    assert f"error: src/shopfloor/{NAME}/service.py:3: does not compile" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(project) == before


def test_a_template_that_fails_on_import_shows_the_exception(project: Path) -> None:
    # The router imports the service, so the exception ends a traceback of 20-odd lines.
    override(
        project,
        "package/service.py.jinja",
        '"""Broken."""\n\nraise RuntimeError("the house service template is broken")\n',
    )
    before = snapshot(project)
    result = run_in(project, "module", "new", NAME, "--fields", FIELDS)
    assert result.returncode == 1
    assert result.stderr.rstrip().endswith(
        "error: the new module does not import: RuntimeError: the house service template "
        "is broken (nothing was written)"
    ), result.stderr
    assert f'src/shopfloor/{NAME}/service.py", line 3' in result.stderr
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


def test_force_on_an_unchanged_module_has_nothing_to_change(project: Path) -> None:
    first = run_in(project, "module", "new", NAME, "--fields", FIELDS, "--enable")
    assert first.returncode == 0, first.output
    generated = snapshot(project)
    for extra in (["--dry-run"], []):
        forced = run_in(
            project, "module", "new", NAME, "--fields", FIELDS, "--enable", "--force", *extra
        )
        assert forced.returncode == 0, forced.output
        assert forced.stdout == (
            f"Module name: {NAME}\n"
            f"Nothing to change: the generated files of {NAME} are up to date.\n"
        )
        assert snapshot(project) == generated
    service = project / "src" / "shopfloor" / NAME / "service.py"
    service.write_text(service.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    dry = run_in(
        project, "module", "new", NAME, "--fields", FIELDS, "--enable", "--force", "--dry-run"
    )
    assert dry.returncode == 0, dry.output
    changed = [line for line in dry.stdout.splitlines() if line.startswith(("create", "modify"))]
    assert changed == [f"modify src/shopfloor/{NAME}/service.py"]
    assert "\n-# edited\n" in dry.stdout


def test_fields_named_like_sql_keywords_migrate_and_pass_their_tests(
    project: Path, tmp_path: Path
) -> None:
    fields = "order:enum(open|done) group:str:unique user:str check:int? end:datetime? limit:bool"
    created = run_in(project, "module", "new", NAME, "--fields", fields, "--enable")
    assert created.returncode == 0, created.output
    offline = run_in(project, "db", "upgrade", "--sql")
    assert offline.returncode == 0, offline.output
    assert f"CONSTRAINT ck_{NAME}_order CHECK (\"order\" IN ('open', 'done'))" in offline.stdout
    assert f'CREATE TABLE {NAME} (\n    "order" VARCHAR(32) NOT NULL,' in offline.stdout
    with temporary_database(tmp_path) as url:
        env = {"DATABASE_URL": url}
        upgraded = run_in(project, "db", "upgrade", env=env)
        assert upgraded.returncode == 0, upgraded.output
        agree = run_in(project, "db", "check", env=env)
        assert agree.returncode == 0, agree.output
    tests = run_tool(
        project,
        [venv_tool("python"), "-m", "pytest", f"tests/{NAME}", "-q", "-p", "no:cacheprovider"],
    )
    assert tests.returncode == 0, tests.output[-3000:]
    assert "passed" in tests.stdout.strip().splitlines()[-1]


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
