"""Every module stays behind its door: the import-linter contracts cover all of them.

`lint-imports` checks the contracts; these tests check that the contracts exist, so a new
module cannot escape its boundary by simply not being listed.
"""

from __future__ import annotations

import pkgutil
import tomllib
from typing import Any

import pytest

import shopfloor
from shopfloor.core.paths import project_root
from shopfloor.core.registry import NON_MODULE_PACKAGES, discover_modules

DOORS = ("service", "schemas", "exceptions")


def contracts() -> dict[str, dict[str, Any]]:
    pyproject = tomllib.loads((project_root() / "pyproject.toml").read_text(encoding="utf-8"))
    listed = pyproject["tool"]["importlinter"]["contracts"]
    return {contract["id"]: contract for contract in listed}


def module_packages() -> set[str]:
    """Every sub-package of `shopfloor` that is a domain module (with a manifest or not yet)."""
    return {
        info.name
        for info in pkgutil.iter_modules(shopfloor.__path__)
        if info.ispkg and info.name not in NON_MODULE_PACKAGES and not info.name.startswith("_")
    }


def test_every_installed_module_is_a_package_the_contracts_know() -> None:
    assert set(discover_modules()) <= module_packages()


def test_the_core_contract_forbids_every_module_the_cli_and_the_app_factory() -> None:
    core = contracts()["core-imports-no-module"]

    assert core["type"] == "forbidden"
    assert core["source_modules"] == ["shopfloor.core"]
    expected = {f"shopfloor.{name}" for name in module_packages()} | {
        "shopfloor.cli",
        "shopfloor.main",
    }
    assert expected <= set(core["forbidden_modules"])


@pytest.mark.parametrize("name", sorted(module_packages()))
def test_every_module_has_its_protected_contract(name: str) -> None:
    contract = contracts().get(f"boundary-{name}")

    assert contract is not None, f"pyproject.toml has no boundary-{name} contract"
    assert contract["type"] == "protected"
    assert contract["protected_modules"] == [f"shopfloor.{name}.*"]
    assert contract["allowed_importers"] == [f"shopfloor.{name}"]
    assert contract["ignore_imports"] == [
        f"shopfloor.** -> shopfloor.{name}.{door}" for door in DOORS
    ]


def test_no_contract_protects_a_module_that_is_gone() -> None:
    protected = {
        contract_id.removeprefix("boundary-")
        for contract_id in contracts()
        if contract_id.startswith("boundary-")
    }

    assert protected == module_packages()


def test_modules_may_not_import_each_other_in_a_cycle() -> None:
    acyclic = contracts()["modules-acyclic"]

    assert acyclic["type"] == "acyclic_siblings"
    assert acyclic["ancestors"] == ["shopfloor"]
