"""The edits `module new` and `module remove` make to shared files, and how they are applied."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from shopfloor.cli.scaffold import contracts, env_file
from shopfloor.cli.scaffold.changes import ChangeSet
from shopfloor.core.paths import project_root

PYPROJECT = (project_root() / "pyproject.toml").read_text(encoding="utf-8")


def boundary_ids(text: str) -> list[str]:
    data = tomllib.loads(text)
    return [
        contract["id"]
        for contract in data["tool"]["importlinter"]["contracts"]
        if contract["id"].startswith("boundary-")
    ]


def core_forbidden(text: str) -> list[str]:
    data = tomllib.loads(text)
    core = next(
        c for c in data["tool"]["importlinter"]["contracts"] if c["id"] == "core-imports-no-module"
    )
    return list(core["forbidden_modules"])


def test_adding_a_module_writes_its_contract_and_forbids_it_to_core() -> None:
    added = contracts.add_module(PYPROJECT, "inspection_plan")
    assert "boundary-inspection_plan" in boundary_ids(added)
    assert boundary_ids(added) == sorted(boundary_ids(added))
    assert "shopfloor.inspection_plan" in core_forbidden(added)
    contract = next(
        c
        for c in tomllib.loads(added)["tool"]["importlinter"]["contracts"]
        if c["id"] == "boundary-inspection_plan"
    )
    assert contract["type"] == "protected"
    assert contract["protected_modules"] == ["shopfloor.inspection_plan.*"]
    assert contract["ignore_imports"] == [
        "shopfloor.** -> shopfloor.inspection_plan.service",
        "shopfloor.** -> shopfloor.inspection_plan.schemas",
        "shopfloor.** -> shopfloor.inspection_plan.exceptions",
    ]


def test_only_the_block_between_the_markers_changes() -> None:
    added = contracts.add_module(PYPROJECT, "zz_last")
    begin = PYPROJECT.index(contracts.BEGIN_MARKER)
    end = PYPROJECT.index(contracts.END_MARKER)
    assert added[:begin] == PYPROJECT[:begin]
    assert added.endswith(PYPROJECT[end:])


@pytest.mark.parametrize("name", ["aaa_first", "inspection_plan", "zz_last"])
def test_removing_what_was_added_restores_the_file_byte_for_byte(name: str) -> None:
    added = contracts.add_module(PYPROJECT, name)
    assert contracts.add_module(added, name) == added
    assert contracts.remove_module(added, name) == PYPROJECT


def test_a_pyproject_without_markers_is_refused() -> None:
    with pytest.raises(contracts.ContractBlockError, match="missing"):
        contracts.add_module(PYPROJECT.replace(contracts.BEGIN_MARKER, "# begin"), "x")


def test_contract_problems_name_each_mismatch() -> None:
    data = tomllib.loads(contracts.add_module(PYPROJECT, "gone"))
    modules = [c.removeprefix("boundary-") for c in boundary_ids(PYPROJECT)]
    problems = contracts.contract_problems(
        data, modules=[*modules, "fresh"], with_manifest=[*modules, "fresh"]
    )
    assert problems == [
        "module 'fresh' has no 'boundary-fresh' contract",
        "module 'fresh' is missing from the 'core-imports-no-module' contract",
        "contract 'boundary-gone' names a module that does not exist",
        "the 'core-imports-no-module' contract names module 'gone', which does not exist",
    ]
    assert (
        contracts.contract_problems(
            tomllib.loads(PYPROJECT), modules=modules, with_manifest=modules
        )
        == []
    )


def test_enabling_and_disabling_a_module_edits_one_line() -> None:
    text = "APP_ENV=dev\nENABLED_MODULES=audit,user\nDEBUG=false\n"
    enabled = env_file.enable(text, "gauge")
    assert enabled == "APP_ENV=dev\nENABLED_MODULES=audit,user,gauge\nDEBUG=false\n"
    assert env_file.enable(enabled, "gauge") == enabled
    assert env_file.enabled_modules(enabled) == ["audit", "user", "gauge"]
    assert env_file.disable(enabled, "gauge") == text
    quoted = 'ENABLED_MODULES="audit"\n'
    assert env_file.enable(quoted, "gauge") == 'ENABLED_MODULES="audit,gauge"\n'
    with pytest.raises(env_file.EnvFileError):
        env_file.enable("APP_ENV=dev\n", "gauge")


def test_a_failed_apply_undoes_every_step(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_text("original", encoding="utf-8")
    (tmp_path / "blocker").write_text("a file where a folder is needed", encoding="utf-8")
    changes = ChangeSet()
    changes.create("new/deep/one.py", "x = 1\n")
    changes.write(tmp_path, "kept.txt", "changed")
    changes.create("blocker/two.py", "y = 2\n")
    with pytest.raises(OSError, match="blocker"):
        changes.apply(tmp_path)
    assert not (tmp_path / "new").exists()
    assert (tmp_path / "kept.txt").read_text(encoding="utf-8") == "original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "kept.txt"]


def test_a_dry_run_description_lists_files_and_diffs(tmp_path: Path) -> None:
    (tmp_path / "settings.txt").write_text("a\nb\n", encoding="utf-8")
    changes = ChangeSet()
    changes.create("src/new.py", "x = 1\n")
    changes.write(tmp_path, "settings.txt", "a\nc\n")
    lines = list(changes.describe())
    assert lines[0] == "create src/new.py"
    assert lines[1] == "modify settings.txt"
    assert "-b\n+c" in lines[2]
