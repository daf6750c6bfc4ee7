"""`shopfloor db ...` against a database of its own (created and dropped per test)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopfloor.cli.database_url import is_local_database
from shopfloor.cli.migrations import heads, next_revision_id, script_directory
from tests.cli.conftest import Cli
from tests.support.database import temporary_database


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    with temporary_database(tmp_path) as url:
        yield url


def head_and_previous() -> tuple[str, str]:
    (head,) = heads()
    revision = script_directory().get_revision(head)
    assert revision is not None
    assert isinstance(revision.down_revision, str)
    return head, revision.down_revision


def test_upgrade_current_downgrade_and_history(cli: Cli, empty_database: str) -> None:
    env = {"DATABASE_URL": empty_database}
    head, previous = head_and_previous()
    assert cli("db", "current", env=env).stdout.strip() == "(no migration applied)"
    upgraded = cli("db", "upgrade", env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert f"-> {head}" in upgraded.stderr
    assert cli("db", "current", env=env).stdout.strip() == f"{head} (head)"
    downgraded = cli("db", "downgrade", "-1", "--yes", env=env)
    assert downgraded.exit_code == 0, downgraded.output
    assert cli("db", "current", env=env).stdout.strip() == previous
    history = cli("db", "history", env=env)
    assert history.exit_code == 0
    lines = history.stdout.splitlines()
    assert lines[0].startswith(f"{previous} -> {head} (head), ")
    assert lines[-1].startswith("<base> -> ")


def test_downgrade_asks_first_and_a_no_changes_nothing(cli: Cli, empty_database: str) -> None:
    env = {"DATABASE_URL": empty_database}
    head, _ = head_and_previous()
    assert cli("db", "upgrade", env=env).exit_code == 0
    declined = cli("db", "downgrade", "base", env=env, input_text="n\n")
    assert declined.exit_code == 1
    assert "Downgrade postgresql" in declined.output
    assert "error: downgrade cancelled" in declined.stderr
    assert cli("db", "current", env=env).stdout.strip() == f"{head} (head)"


def test_downgrading_a_remote_database_needs_its_name_typed(cli: Cli) -> None:
    # Nothing listens there: a wrong name must stop the command before any connection.
    env = {"DATABASE_URL": "postgresql://shop:hunter2-secret@db.plant.example:5432/plant_prod"}
    result = cli("db", "downgrade", "-1", env=env, input_text="plant_test\n")
    assert result.exit_code == 1
    assert "Type its name (plant_prod) to downgrade it" in result.output
    assert "error: the name did not match; nothing was changed" in result.stderr
    assert "hunter2-secret" not in result.output


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://shop@127.0.0.1:5432/plant_test",
        "postgresql://shop@db.plant.example:5432/plant_prod",
    ],
)
def test_downgrade_without_an_answer_fails_with_a_reason(cli: Cli, url: str) -> None:
    # Standard input ends before an answer (a script, CI): nothing is downgraded.
    result = cli("db", "downgrade", "-1", env={"DATABASE_URL": url}, input_text="")
    assert result.exit_code == 1
    assert "Aborted" not in result.output
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error == (
        "error: no answer: standard input ended (not a terminal?); "
        "pass --yes to downgrade without asking"
    )


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("postgresql://u@localhost/db", True),
        ("postgresql://u@127.0.0.1:5432/db", True),
        ("postgresql://u@[::1]:5432/db", True),
        ("postgresql:///db", True),
        ("postgresql://u@/db?host=/var/run/postgresql", True),
        ("postgresql://u@db.plant.example/db", False),
        ("postgresql://u@10.0.0.5/db", False),
    ],
)
def test_local_databases_are_this_machine_or_a_socket(url: str, local: bool) -> None:
    assert is_local_database(url) is local


def test_upgrade_and_downgrade_print_sql_without_a_database(cli: Cli) -> None:
    head, previous = head_and_previous()
    upgrade = cli("db", "upgrade", "--sql", env={"DATABASE_URL": None})
    assert upgrade.exit_code == 0, upgrade.output
    assert "CREATE TABLE organization" in upgrade.stdout
    assert f"UPDATE alembic_version SET version_num='{head}'" in upgrade.stdout
    downgrade = cli("db", "downgrade", f"{head}:{previous}", "--sql", env={"DATABASE_URL": None})
    assert downgrade.exit_code == 0, downgrade.output
    assert f"Running downgrade {head} -> {previous}" in downgrade.stdout
    assert "DROP " in downgrade.stdout  # the head's own statements, whatever it drops
    assert f"version_num='{previous}'" in downgrade.stdout


def test_db_check_compares_without_changing_the_database(cli: Cli, empty_database: str) -> None:
    env = {"DATABASE_URL": empty_database}
    result = cli("db", "check", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Models and migrations agree."
    # The migrations ran inside a transaction that was rolled back.
    assert cli("db", "current", env=env).stdout.strip() == "(no migration applied)"


def test_an_unreachable_database_is_one_line(cli: Cli) -> None:
    result = cli("db", "current", env={"DATABASE_URL": "postgresql://u@127.0.0.1:1/none"})
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith("error: cannot read the database revision: ")


def test_revision_writes_a_numbered_file_for_a_module(
    cli: Cli, project: Path, empty_database: str
) -> None:
    env = {"SHOPFLOOR_ROOT": str(project), "DATABASE_URL": empty_database}
    head, _ = head_and_previous()
    written = cli("db", "revision", "-m", "add gauges", "--module", "work_center", env=env)
    assert written.exit_code == 0, written.output
    match = re.search(r"^Wrote (alembic/versions/\S+)$", written.stdout, re.MULTILINE)
    assert match is not None, written.stdout
    assert re.fullmatch(r"alembic/versions/\d{4}-\d{2}-\d{2}_work_center_add_gauges\.py", match[1])
    text = (project / match[1]).read_text(encoding="utf-8")
    expected_id = next_revision_id(head, "work_center_add_gauges")
    assert f'revision: str = "{expected_id}"' in text
    assert f'down_revision: str | Sequence[str] | None = "{head}"' in text


def test_autogenerate_for_a_module_without_changes_writes_nothing(
    cli: Cli, project: Path, empty_database: str
) -> None:
    env = {"SHOPFLOOR_ROOT": str(project), "DATABASE_URL": empty_database}
    assert cli("db", "upgrade", env=env).exit_code == 0
    before = sorted(p.name for p in (project / "alembic" / "versions").glob("*.py"))
    result = cli(
        "db", "revision", "-m", "nothing", "--module", "work_center", "--autogenerate", env=env
    )
    assert result.exit_code == 0, result.output
    assert "No schema change found in the tables of 'work_center'" in result.stdout
    assert sorted(p.name for p in (project / "alembic" / "versions").glob("*.py")) == before


def test_revision_for_an_unknown_module_is_refused(cli: Cli, project: Path) -> None:
    result = cli(
        "db", "revision", "-m", "x", "--module", "warehouse", env={"SHOPFLOOR_ROOT": str(project)}
    )
    assert result.exit_code == 1
    assert "there is no module 'warehouse'" in result.stderr


@pytest.mark.parametrize(
    ("head", "slug", "expected"),
    [
        (None, "organizations", "0001_organizations"),
        ("0005_work_orders", "inspection_plan", "0006_inspection_plan"),
        ("0009_x", "a_very_long_message_that_goes_on_and_on", "0010_a_very_long_message_that_go"),
    ],
)
def test_revision_ids_follow_the_project_numbering(
    head: str | None, slug: str, expected: str
) -> None:
    assert next_revision_id(head, slug) == expected
    assert len(expected) <= 32
