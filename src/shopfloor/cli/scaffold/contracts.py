"""The import-linter contracts between the markers in pyproject.toml.

`module new` and `module remove` edit only the block between the markers, and only the
parts that belong to one module: its `protected` contract and its line in the core
contract's `forbidden_modules`. Everything else in the block is kept byte for byte, so a
module added and then removed leaves the file exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

BEGIN_MARKER = "# BEGIN module boundaries"
END_MARKER = "# END module boundaries"
CONTRACT_HEADER = "[[tool.importlinter.contracts]]"
CORE_CONTRACT_ID = "core-imports-no-module"
BOUNDARY_PREFIX = "boundary-"

_ID = re.compile(r'^id\s*=\s*"(?P<id>[^"]+)"', re.MULTILINE)


class ContractBlockError(ValueError):
    """The pyproject.toml block cannot be edited safely."""


def boundary_contract(name: str) -> str:
    return "\n".join(
        [
            CONTRACT_HEADER,
            f'id = "{BOUNDARY_PREFIX}{name}"',
            f'name = "{name} is used by other modules only through its service, schemas '
            'and exceptions"',
            'type = "protected"',
            f'protected_modules = ["shopfloor.{name}.*"]',
            f'allowed_importers = ["shopfloor.{name}"]',
            "ignore_imports = [",
            f'    "shopfloor.** -> shopfloor.{name}.service",',
            f'    "shopfloor.** -> shopfloor.{name}.schemas",',
            f'    "shopfloor.** -> shopfloor.{name}.exceptions",',
            "]",
            'unmatched_ignore_imports_alerting = "none"',
        ]
    )


class ContractBlock:
    """pyproject.toml split into: text before the block, its contracts, text after."""

    def __init__(self, text: str) -> None:
        begin = _marker_line(text, BEGIN_MARKER)
        end = _marker_line(text, END_MARKER)
        if end < begin:
            raise ContractBlockError("the END marker comes before the BEGIN marker")
        body_start = text.index("\n", begin) + 1
        self.head = text[:body_start]
        self.tail = text[end:]
        body = text[body_start:end]
        first = body.find(CONTRACT_HEADER)
        self.preamble = body if first < 0 else body[:first]
        chunks = [] if first < 0 else body[first:].split(CONTRACT_HEADER)[1:]
        self.contracts = [(CONTRACT_HEADER + chunk).rstrip("\n") for chunk in chunks]

    def render(self) -> str:
        body = "\n\n".join(self.contracts)
        return f"{self.head}{self.preamble}{body}\n{self.tail}" if body else self.head + self.tail

    def index_of(self, contract_id: str) -> int | None:
        for position, contract in enumerate(self.contracts):
            match = _ID.search(contract)
            if match and match["id"] == contract_id:
                return position
        return None

    # -- the module's own contract --------------------------------------------------------

    def add_boundary(self, name: str) -> None:
        contract_id = f"{BOUNDARY_PREFIX}{name}"
        if self.index_of(contract_id) is not None:
            return
        position = len(self.contracts)
        for index, contract in enumerate(self.contracts):
            match = _ID.search(contract)
            other = match["id"] if match else ""
            if other.startswith(BOUNDARY_PREFIX) and other > contract_id:
                position = index
                break
        self.contracts.insert(position, boundary_contract(name))

    def remove_boundary(self, name: str) -> None:
        position = self.index_of(f"{BOUNDARY_PREFIX}{name}")
        if position is not None:
            del self.contracts[position]

    # -- the core contract's forbidden list -----------------------------------------------

    def _core(self) -> tuple[int, str]:
        position = self.index_of(CORE_CONTRACT_ID)
        if position is None:
            raise ContractBlockError(f"no contract with id {CORE_CONTRACT_ID!r} in the block")
        return position, self.contracts[position]

    def _forbidden_lines(self, contract: str) -> tuple[list[str], int, int]:
        lines = contract.split("\n")
        start = next(
            (i for i, line in enumerate(lines) if line.startswith("forbidden_modules")), None
        )
        if start is None or not lines[start].rstrip().endswith("["):
            raise ContractBlockError("the core contract must list forbidden_modules one per line")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "]"), None)
        if end is None:
            raise ContractBlockError("the core contract's forbidden_modules list is not closed")
        return lines, start, end

    def forbid_in_core(self, name: str) -> None:
        position, contract = self._core()
        lines, start, end = self._forbidden_lines(contract)
        entry = f'    "shopfloor.{name}",'
        items = lines[start + 1 : end]
        if any(line.strip() == entry.strip() for line in items):
            return
        insert_at = end
        for offset, line in enumerate(items):
            module = _module_of(line)
            if module and module not in ("cli", "main") and module > name:
                insert_at = start + 1 + offset
                break
        lines.insert(insert_at, entry)
        self.contracts[position] = "\n".join(lines)

    def unforbid_in_core(self, name: str) -> None:
        position, contract = self._core()
        lines, start, end = self._forbidden_lines(contract)
        kept = [
            line
            for index, line in enumerate(lines)
            if not (start < index < end and _module_of(line) == name)
        ]
        self.contracts[position] = "\n".join(kept)


def _marker_line(text: str, marker: str) -> int:
    matches = [m.start() for m in re.finditer(rf"^{re.escape(marker)}.*$", text, re.MULTILINE)]
    if len(matches) != 1:
        found = "missing" if not matches else "present more than once"
        raise ContractBlockError(f"the marker {marker!r} is {found} in pyproject.toml")
    return matches[0]


def _module_of(line: str) -> str | None:
    match = re.search(r'"shopfloor\.([a-z0-9_]+)"', line)
    return match.group(1) if match else None


def add_module(text: str, name: str) -> str:
    block = ContractBlock(text)
    block.forbid_in_core(name)
    block.add_boundary(name)
    return block.render()


def remove_module(text: str, name: str) -> str:
    block = ContractBlock(text)
    block.unforbid_in_core(name)
    block.remove_boundary(name)
    return block.render()


def contract_problems(
    pyproject: Mapping[str, Any], *, modules: Collection[str], with_manifest: Collection[str]
) -> list[str]:
    """Differences between the contracts and the module folders, one sentence each.

    `modules` are the module folders that exist; `with_manifest` those that declare one.
    A module with a manifest needs its boundary contract and its place in the core contract;
    no contract may name a module folder that is gone.
    """
    contracts = pyproject.get("tool", {}).get("importlinter", {}).get("contracts", [])
    protected: dict[str, dict[str, Any]] = {}
    core_forbidden: set[str] | None = None
    for contract in contracts:
        contract_id = str(contract.get("id", ""))
        if contract_id == CORE_CONTRACT_ID:
            core_forbidden = {
                entry.removeprefix("shopfloor.")
                for entry in contract.get("forbidden_modules", [])
                if entry.startswith("shopfloor.")
            } - {"cli", "main"}
        elif contract_id.startswith(BOUNDARY_PREFIX):
            protected[contract_id.removeprefix(BOUNDARY_PREFIX)] = contract
    problems: list[str] = []
    if core_forbidden is None:
        problems.append(f"pyproject.toml has no {CORE_CONTRACT_ID!r} contract")
        core_forbidden = set()
    for name in sorted(with_manifest):
        contract = protected.get(name)
        if contract is None:
            problems.append(f"module {name!r} has no '{BOUNDARY_PREFIX}{name}' contract")
        elif contract.get("protected_modules") != [f"shopfloor.{name}.*"]:
            problems.append(
                f"contract '{BOUNDARY_PREFIX}{name}' does not protect 'shopfloor.{name}.*'"
            )
        if name not in core_forbidden:
            problems.append(f"module {name!r} is missing from the {CORE_CONTRACT_ID!r} contract")
    for name in sorted(set(protected) - set(modules)):
        problems.append(f"contract '{BOUNDARY_PREFIX}{name}' names a module that does not exist")
    for name in sorted(core_forbidden - set(modules)):
        problems.append(
            f"the {CORE_CONTRACT_ID!r} contract names module {name!r}, which does not exist"
        )
    return problems
