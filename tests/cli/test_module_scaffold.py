"""`module new` end to end in a copy of the project: a complete, working, removable module.

Two modules are generated once for this file: the one from the documentation and one with
every field type. Their migrations run against a fresh database, their generated tests,
ruff, mypy and import-linter pass, /docs shows them, and removing them restores the tree.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from shopfloor.cli.scaffold import contracts
from tests.cli.conftest import Run, copy_project, run_in, run_tool, snapshot, venv_tool
from tests.support.database import temporary_database

pytestmark = pytest.mark.slow

PLAN = "inspection_plan"
PLAN_FIELDS = "code:str:unique title:str samples:int"
RECORD = "calibration_record"
RECORD_FIELDS = (
    "serial:str:unique label:str? note:text? reading:decimal passed:bool due:date:unique "
    "measured_at:datetime? grade:enum(pass|fail|retest) gauge_id:uuid? cycles:int:unique"
)


@dataclass(frozen=True)
class Scaffolded:
    root: Path
    database_url: str
    before: dict[str, str]
    new_plan: Run
    new_record: Run


def generated_paths(name: str) -> list[str]:
    return [f"src/shopfloor/{name}", f"tests/{name}"]


def migration_of(root: Path, name: str) -> str:
    (path,) = (root / "alembic" / "versions").glob(f"*_{name}.py")
    return path.relative_to(root).as_posix()


@pytest.fixture(scope="module")
def scaffolded(
    pristine_project: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scaffolded]:
    root = copy_project(tmp_path_factory.mktemp("scaffolded") / "project", pristine_project)
    before = snapshot(root)
    new_plan = run_in(root, "module", "new", PLAN, "--fields", PLAN_FIELDS, "--enable")
    assert new_plan.returncode == 0, new_plan.output
    new_record = run_in(
        root,
        "module",
        "new",
        RECORD,
        "--fields",
        RECORD_FIELDS,
        "--depends-on",
        "work_center",
        "--label-zh",
        "校正紀錄",
        "--enable",
    )
    assert new_record.returncode == 0, new_record.output
    with temporary_database(tmp_path_factory.mktemp("scaffold-db")) as url:
        upgraded = run_in(root, "db", "upgrade", env={"DATABASE_URL": url})
        assert upgraded.returncode == 0, upgraded.output
        yield Scaffolded(root, url, before, new_plan, new_record)


def test_the_module_has_its_files_contract_migration_and_entry_in_env_dev(
    scaffolded: Scaffolded,
) -> None:
    root = scaffolded.root
    package = root / "src" / "shopfloor" / PLAN
    assert sorted(p.name for p in package.iterdir() if p.suffix == ".py") == sorted(
        [
            "__init__.py",
            "router.py",
            "schemas.py",
            "models.py",
            "service.py",
            "dependencies.py",
            "config.py",
            "exceptions.py",
            "constants.py",
        ]
    )
    assert (root / "tests" / PLAN / "factories.py").is_file()
    assert (root / "docs" / f"{PLAN}.md").is_file()
    env_dev = (root / ".env.dev").read_text(encoding="utf-8")
    assert re.search(rf"^ENABLED_MODULES=.*,{PLAN},{RECORD}$", env_dev, re.MULTILINE)
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    ids = [c["id"] for c in pyproject["tool"]["importlinter"]["contracts"]]
    assert f"boundary-{PLAN}" in ids
    assert f"boundary-{RECORD}" in ids
    migration = (root / migration_of(root, PLAN)).read_text(encoding="utf-8")
    record_migration = (root / migration_of(root, RECORD)).read_text(encoding="utf-8")
    plan_revision = re.search(r'^revision: str = "(.+)"$', migration, re.MULTILINE)
    assert plan_revision is not None
    assert f'down_revision: str | Sequence[str] | None = "{plan_revision.group(1)}"' in (
        record_migration
    )
    assert re.fullmatch(
        r"alembic/versions/\d{4}-\d{2}-\d{2}_inspection_plan\.py", migration_of(root, PLAN)
    )
    constants = (package / "constants.py").read_text(encoding="utf-8")
    # Without --label-zh the sentence stays Chinese: a generic noun, the English name after it.
    assert '"zh-TW": "找不到指定的資料（inspection plan）。"' in constants
    assert '"zh-TW": "此欄位（code）的值已被使用。"' in constants
    assert "Its zh-TW messages call it 資料 (inspection plan)" in scaffolded.new_plan.stdout
    record_constants = (root / "src/shopfloor" / RECORD / "constants.py").read_text("utf-8")
    assert '"zh-TW": "找不到指定的校正紀錄。"' in record_constants
    assert "zh-TW messages" not in scaffolded.new_record.stdout
    assert "Module name: inspection_plan" in scaffolded.new_plan.stdout
    assert "shopfloor db upgrade" in scaffolded.new_plan.stdout


def test_the_generated_tests_pass(scaffolded: Scaffolded) -> None:
    result = run_tool(
        scaffolded.root,
        [
            venv_tool("python"),
            "-m",
            "pytest",
            f"tests/{PLAN}",
            f"tests/{RECORD}",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
    )
    assert result.returncode == 0, result.output[-3000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert re.search(r"^\d+ passed in ", summary), summary


def test_ruff_and_import_linter_pass(scaffolded: Scaffolded) -> None:
    root = scaffolded.root
    paths = [
        *generated_paths(PLAN),
        *generated_paths(RECORD),
        migration_of(root, PLAN),
        migration_of(root, RECORD),
    ]
    lint = run_tool(root, [venv_tool("ruff"), "check", *paths])
    assert lint.returncode == 0, lint.output
    formatting = run_tool(root, [venv_tool("ruff"), "format", "--check", *paths])
    assert formatting.returncode == 0, formatting.output
    boundaries = run_tool(root, [venv_tool("lint-imports"), "--no-cache"])
    assert boundaries.returncode == 0, boundaries.output
    assert re.search(r"Contracts: \d+ kept, 0 broken", boundaries.stdout)


def test_mypy_passes(scaffolded: Scaffolded) -> None:
    result = run_tool(
        scaffolded.root,
        [
            venv_tool("mypy"),
            "--follow-imports=silent",
            *generated_paths(PLAN),
            *generated_paths(RECORD),
        ],
    )
    assert result.returncode == 0, result.output
    assert result.stdout.startswith("Success: no issues found")


def test_the_openapi_document_has_the_modules_tag_groups(
    scaffolded: Scaffolded, tmp_path: Path
) -> None:
    out = tmp_path / "openapi.json"
    # APP_ENV=dev reads the copy's .env.dev, where --enable listed the new modules.
    result = run_in(scaffolded.root, "openapi", "--out", str(out), env={"APP_ENV": "dev"})
    assert result.returncode == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    tags = {tag["name"] for tag in document["tags"]}
    assert {"Inspection Plans", "Calibration Records"} <= tags
    operations = {
        (method.upper(), path): operation["tags"]
        for path, item in document["paths"].items()
        if path.startswith("/api/v1/inspection-plans")
        for method, operation in item.items()
    }
    item = "/api/v1/inspection-plans/{inspection_plan_id}"
    assert set(operations) == {
        ("GET", "/api/v1/inspection-plans"),
        ("POST", "/api/v1/inspection-plans"),
        ("GET", item),
        ("PATCH", item),
        ("DELETE", item),
        # A unique `code` gives the module CSV import (core/master_data).
        ("POST", "/api/v1/inspection-plans/import"),
    }
    assert all(tags == ["Inspection Plans"] for tags in operations.values())


def test_check_passes_with_the_new_modules(scaffolded: Scaffolded) -> None:
    result = run_in(scaffolded.root, "check", env={"DATABASE_URL": scaffolded.database_url})
    assert result.returncode == 0, result.output
    for name in ("registry", "contracts", "boundaries", "migrations", "schema"):
        assert re.search(rf"^ok\s+{name}\b", result.stdout, re.MULTILINE), result.stdout
    assert "All checks passed." in result.stdout


def test_check_fails_on_a_planted_drift(scaffolded: Scaffolded, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "drifted", scaffolded.root)
    models = root / "src" / "shopfloor" / PLAN / "models.py"
    text = models.read_text(encoding="utf-8")
    models.write_text(
        text + "    planted: Mapped[int | None] = mapped_column(Integer())\n", encoding="utf-8"
    )
    result = run_in(root, "check", env={"DATABASE_URL": scaffolded.database_url})
    assert result.returncode == 1
    assert re.search(r"^FAIL\s+schema\b", result.stdout, re.MULTILINE), result.output
    assert f"add column {PLAN}.planted" in result.stdout
    assert re.search(r"^ok\s+boundaries\b", result.stdout, re.MULTILINE)
    assert "error: 1 check(s) failed: schema" in result.stderr


def test_check_fails_on_a_planted_boundary_violation(
    scaffolded: Scaffolded, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "violated", scaffolded.root)
    service = root / "src" / "shopfloor" / PLAN / "service.py"
    service.write_text(
        service.read_text(encoding="utf-8")
        + f"\nfrom shopfloor.{RECORD}.models import CalibrationRecord  # noqa: E402\n\n"
        + "__all__ = ['CalibrationRecord']\n",
        encoding="utf-8",
    )
    result = run_in(root, "check", "--skip-db")
    assert result.returncode == 1
    assert re.search(r"^FAIL\s+boundaries\b", result.stdout, re.MULTILINE), result.output
    assert f"shopfloor.{PLAN}.service -> shopfloor.{RECORD}.models" in result.stdout


def test_check_fails_when_a_module_lost_its_contract(
    scaffolded: Scaffolded, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "uncontracted", scaffolded.root)
    pyproject = root / "pyproject.toml"
    block = contracts.ContractBlock(pyproject.read_text(encoding="utf-8"))
    block.remove_boundary(PLAN)
    pyproject.write_text(block.render(), encoding="utf-8")
    result = run_in(root, "check", "--skip-db")
    assert result.returncode == 1
    assert re.search(r"^FAIL\s+contracts\b", result.stdout, re.MULTILINE), result.output
    assert f"module '{PLAN}' has no 'boundary-{PLAN}' contract" in result.stdout


def test_a_module_others_depend_on_cannot_be_removed(
    scaffolded: Scaffolded, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "dependent", scaffolded.root)
    before = snapshot(root)
    result = run_in(root, "module", "remove", "work_center", "--yes")
    assert result.returncode == 1
    assert f"'{RECORD}'" in result.stderr
    assert "depend(s) on 'work_center'" in result.stderr
    assert snapshot(root) == before


def test_removing_the_modules_restores_the_tree_but_keeps_their_migrations(
    scaffolded: Scaffolded, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "removed", scaffolded.root)
    migrations = {migration_of(root, PLAN), migration_of(root, RECORD)}
    record = run_in(root, "module", "remove", RECORD, "--yes")
    assert record.returncode == 0, record.output
    plan = run_in(root, "module", "remove", PLAN, "--yes")
    assert plan.returncode == 0, plan.output
    after = snapshot(root)
    assert set(after) - set(scaffolded.before) == migrations
    assert {path: digest for path, digest in after.items() if path not in migrations} == (
        scaffolded.before
    )
    assert f"Nothing was dropped: the database keeps {PLAN}." in plan.stdout
    assert f'shopfloor db revision -m "drop {PLAN}" --autogenerate' in plan.stdout
    assert f'op.drop_table("{PLAN}")' in plan.stdout
    assert f"{migration_of(root, PLAN)} stays" in plan.stdout
