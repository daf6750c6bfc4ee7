"""The master-data resources the shared suite runs for, and helpers to drive them.

Each `Resource` is what a test needs to know of one module: its path, error codes, messages,
roles, a few bodies of its own fields and its public service functions. A new master-data
module adds one entry to `RESOURCES` and its own file for what only it does.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from shopfloor.core.errors import AppError
from shopfloor.core.i18n import Catalogue
from shopfloor.core.master_data.service import MasterData
from shopfloor.customer import constants as customer_constants
from shopfloor.customer import exceptions as customer_errors
from shopfloor.customer import service as customer_service
from shopfloor.item import constants as item_constants
from shopfloor.item import exceptions as item_errors
from shopfloor.item import service as item_service
from shopfloor.work_center import constants as work_center_constants
from shopfloor.work_center import exceptions as work_center_errors
from shopfloor.work_center import service as work_center_service
from tests.support.identity import TestUser

ServiceCall = Callable[..., Awaitable[Any]]
ROLES = ("admin", "supervisor", "planner", "operator", "viewer")


@dataclass(frozen=True)
class Resource:
    name: str  # the module, also the audit resource_type
    path: str
    code_prefix: str
    default_name: str
    managers: frozenset[str]
    name_max_length: int
    messages: Catalogue
    code_taken_messages: tuple[str, str]  # zh-TW, en
    master: MasterData[Any, Any]
    not_found_error: type[AppError]
    inactive_error: type[AppError]
    ensure_usable: ServiceCall  # the check another module makes before using a row
    # Optional fields set on create, a PATCH of some of them, and those `null` clears.
    extra: Mapping[str, Any]
    change: Mapping[str, Any]
    clearable: tuple[str, ...]
    # A PATCH that leaves the name alone (to bump the version in tests).
    edit: Mapping[str, Any]
    # The longest values its own fields accept, and what they refuse: (body, field, code).
    longest: Mapping[str, Any]
    bad_create: tuple[tuple[dict[str, Any], str, str], ...] = ()
    bad_patch: tuple[tuple[dict[str, Any], str, str], ...] = ()
    # What the audit sees: the optional fields of a create and the entry's added changes;
    # a create with `audit_before`, then a PATCH `audit_patch` and its own diff.
    audit_create: Mapping[str, Any] = field(default_factory=dict)
    audit_create_changes: Mapping[str, list[Any]] = field(default_factory=dict)
    audit_before: Mapping[str, Any] = field(default_factory=dict)
    audit_patch: Mapping[str, Any] = field(default_factory=dict)
    audit_diff: Mapping[str, list[Any]] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return self.name.upper()

    def error(self, suffix: str) -> str:
        return f"{self.prefix}_{suffix}"

    @property
    def id_param(self) -> str:
        return f"{self.name}_id"

    def url(self, record_id: str, suffix: str = "") -> str:
        return f"{self.path}/{record_id}{suffix}"

    def unique_code(self, prefix: str | None = None) -> str:
        return f"{prefix or self.code_prefix}-{uuid.uuid4().hex[:8].upper()}"

    def __str__(self) -> str:
        return self.name


CONTACT = {
    "contact_name": "Lin Mei-Ling",
    "contact_email": "buyer@acme.example",
    "contact_phone": "+886 2 2345-6789",
}

CUSTOMERS = Resource(
    name="customer",
    path="/api/v1/customers",
    code_prefix="CU",
    default_name="Acme Precision",
    managers=frozenset({"admin", "supervisor", "planner"}),
    name_max_length=200,
    messages=customer_constants.MESSAGES,
    code_taken_messages=("此客戶代碼已被使用。", "This customer code is already in use."),
    master=customer_service.customers,
    not_found_error=customer_errors.CustomerNotFoundError,
    inactive_error=customer_errors.CustomerInactiveError,
    ensure_usable=customer_service.ensure_orderable,
    extra=CONTACT,
    change={"name": "Acme Holdings", "contact_email": "orders@acme.example"},
    clearable=tuple(CONTACT),
    edit={"contact_name": "New buyer"},
    longest={
        "contact_name": "c" * 100,
        "contact_email": "b" * 240 + "@acme.example",
        "contact_phone": "+" + "1" * 31,
    },
    bad_create=(
        ({"contact_name": "c" * 101}, "contact_name", "STRING_TOO_LONG"),
        ({"contact_name": 5}, "contact_name", "STRING_TYPE"),
        ({"contact_email": "buyer"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({"contact_email": "buyer@acme"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({"contact_email": "a b@acme.example"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({"contact_email": ""}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({"contact_email": "b" * 250 + "@a.io"}, "contact_email", "STRING_TOO_LONG"),
        ({"contact_phone": "call me"}, "contact_phone", "STRING_PATTERN_MISMATCH"),
        ({"contact_phone": "1" * 33}, "contact_phone", "STRING_TOO_LONG"),
        ({"contact_phone": 886223456789}, "contact_phone", "STRING_TYPE"),
        ({"contact_name": "Lin\u0000"}, "contact_name", "INVALID_CHARACTER"),
        ({"contact_name": "Lin\tMei"}, "contact_name", "INVALID_CHARACTER"),
        ({"contact_email": "buyer\u0000@acme.example"}, "contact_email", "INVALID_CHARACTER"),
        ({"contact_email": "buyer\u0001@acme.example"}, "contact_email", "INVALID_CHARACTER"),
        ({"contact_phone": "+886\u0000"}, "contact_phone", "STRING_PATTERN_MISMATCH"),
        ({"state": "normal"}, "state", "EXTRA_FORBIDDEN"),
    ),
    bad_patch=(
        ({"contact_email": "nobody"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({"contact_name": "c" * 101}, "contact_name", "STRING_TOO_LONG"),
        ({"contact_phone": "+1 (555) x"}, "contact_phone", "STRING_PATTERN_MISMATCH"),
        ({"contact_name": "\u0000"}, "contact_name", "INVALID_CHARACTER"),
        ({"contact_email": "\u0000a@b.example"}, "contact_email", "INVALID_CHARACTER"),
        ({"state": "blocked"}, "state", "EXTRA_FORBIDDEN"),
    ),
    audit_create={"contact_email": "buyer@acme.example"},
    audit_create_changes={"contact_email": [None, "buyer@acme.example"]},
    audit_before={"contact_phone": "02 2345 6789"},
    audit_patch={"contact_phone": None, "contact_name": "Lin"},
    audit_diff={"contact_name": [None, "Lin"], "contact_phone": ["02 2345 6789", None]},
)

WORK_CENTERS = Resource(
    name="work_center",
    path="/api/v1/work-centers",
    code_prefix="WC",
    default_name="CNC lathe",
    managers=frozenset({"admin", "supervisor"}),
    name_max_length=100,
    messages=work_center_constants.MESSAGES,
    code_taken_messages=("此工作中心代碼已被使用。", "This work center code is already in use."),
    master=work_center_service.work_centers,
    not_found_error=work_center_errors.WorkCenterNotFoundError,
    inactive_error=work_center_errors.WorkCenterInactiveError,
    ensure_usable=work_center_service.ensure_dispatchable,
    extra={"description": "Bay 3"},
    change={"name": "CNC lathe 2", "state": "running"},
    clearable=("description",),
    edit={"state": "blocked"},
    longest={"description": "d" * 500},
    bad_create=(
        ({"description": "d" * 501}, "description", "STRING_TOO_LONG"),
        ({"description": 5}, "description", "STRING_TYPE"),
        ({"description": "Bay 3\u0000"}, "description", "INVALID_CHARACTER"),
        ({"description": "Bay\u00073"}, "description", "INVALID_CHARACTER"),
        ({"description": "Bay\u000b3"}, "description", "INVALID_CHARACTER"),
        ({"state": "broken"}, "state", "ENUM"),
        ({"state": "BLOCKED"}, "state", "ENUM"),
    ),
    bad_patch=(
        ({"state": None}, "state", "NOT_NULLABLE"),
        ({"description": "d" * 501}, "description", "STRING_TOO_LONG"),
        ({"description": "\u0000"}, "description", "INVALID_CHARACTER"),
        ({"description": "Bay\u001f3"}, "description", "INVALID_CHARACTER"),
        ({"state": "idle"}, "state", "ENUM"),
        ({"state": 1}, "state", "ENUM"),
    ),
    audit_create={"description": "Bay 3"},
    audit_create_changes={"description": [None, "Bay 3"], "state": [None, "normal"]},
    audit_before={"description": "Bay 3"},
    audit_patch={"description": None, "state": "blocked"},
    audit_diff={"description": ["Bay 3", None], "state": ["normal", "blocked"]},
)

ITEMS = Resource(
    name="item",
    path="/api/v1/items",
    code_prefix="IT",
    default_name="Drive shaft",
    managers=frozenset({"admin", "supervisor", "planner"}),
    name_max_length=100,
    messages=item_constants.MESSAGES,
    code_taken_messages=("此品項代碼已被使用。", "This item code is already in use."),
    master=item_service.items,
    not_found_error=item_errors.ItemNotFoundError,
    inactive_error=item_errors.ItemInactiveError,
    ensure_usable=item_service.ensure_orderable,
    extra={"description": "C45 steel", "uom": "kg", "tracking": "lot", "ideal_cycle_s": 42.5},
    change={"name": "Drive shaft 25", "tracking": "serial", "ideal_cycle_s": 30},
    clearable=("description", "ideal_cycle_s"),
    edit={"uom": "m"},
    longest={"description": "d" * 500, "uom": "u" * 16, "ideal_cycle_s": 604_800},
    bad_create=(
        ({"description": "d" * 501}, "description", "STRING_TOO_LONG"),
        ({"description": "C45\u0000"}, "description", "INVALID_CHARACTER"),
        ({"uom": ""}, "uom", "STRING_TOO_SHORT"),
        ({"uom": "u" * 17}, "uom", "STRING_TOO_LONG"),
        ({"uom": None}, "uom", "STRING_TYPE"),
        ({"uom": "p\ncs"}, "uom", "INVALID_CHARACTER"),
        ({"tracking": "batch"}, "tracking", "ENUM"),
        ({"tracking": "LOT"}, "tracking", "ENUM"),
        ({"ideal_cycle_s": 0}, "ideal_cycle_s", "GREATER_THAN"),
        ({"ideal_cycle_s": -1.5}, "ideal_cycle_s", "GREATER_THAN"),
        ({"ideal_cycle_s": 604_800.5}, "ideal_cycle_s", "LESS_THAN_EQUAL"),
        ({"ideal_cycle_s": "12"}, "ideal_cycle_s", "FLOAT_TYPE"),
        ({"ideal_cycle_s": True}, "ideal_cycle_s", "FLOAT_TYPE"),
        ({"default_routing_id": str(uuid.UUID(int=1))}, "default_routing_id", "EXTRA_FORBIDDEN"),
        ({"state": "normal"}, "state", "EXTRA_FORBIDDEN"),
    ),
    bad_patch=(
        ({"uom": None}, "uom", "NOT_NULLABLE"),
        ({"tracking": None}, "tracking", "NOT_NULLABLE"),
        ({"tracking": "bulk"}, "tracking", "ENUM"),
        ({"ideal_cycle_s": 0}, "ideal_cycle_s", "GREATER_THAN"),
        ({"ideal_cycle_s": 10**6}, "ideal_cycle_s", "LESS_THAN_EQUAL"),
        ({"description": "\u0000"}, "description", "INVALID_CHARACTER"),
        ({"default_routing_id": None}, "default_routing_id", "EXTRA_FORBIDDEN"),
    ),
    audit_create={"uom": "kg"},
    audit_create_changes={"uom": [None, "kg"], "tracking": [None, "none"]},
    audit_before={"ideal_cycle_s": 12},
    audit_patch={"ideal_cycle_s": None, "tracking": "serial"},
    audit_diff={"ideal_cycle_s": [12.0, None], "tracking": ["none", "serial"]},
)

RESOURCES = (CUSTOMERS, WORK_CENTERS, ITEMS)


def own_cases(
    cases: Callable[[Resource], tuple[tuple[dict[str, Any], str, str], ...]],
) -> list[Any]:
    """Pytest parameters (resource, body, field, code) of each resource's own bad inputs."""
    import pytest

    return [
        pytest.param(resource, body, field, code, id=f"{resource}-{field}-{code}-{number}")
        for resource in RESOURCES
        for number, (body, field, code) in enumerate(cases(resource))
    ]


def if_match(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


async def create(
    client: httpx.AsyncClient, resource: Resource, user: TestUser, **fields: Any
) -> dict[str, Any]:
    """A new row through the API (201 expected) -> its JSON."""
    body = {"code": resource.unique_code(), "name": resource.default_name, **fields}
    response = await client.post(resource.path, json=body, headers=user.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def deactivate(
    client: httpx.AsyncClient, resource: Resource, user: TestUser, row: Mapping[str, Any]
) -> None:
    response = await client.post(
        resource.url(row["id"], "/deactivate"), headers={**user.headers, **if_match(row["version"])}
    )
    assert response.status_code == 200, response.text


def assert_validation_error(response: httpx.Response, loc: list[str | int], code: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert {"loc": loc, "code": code} in [
        {"loc": detail["loc"], "code": detail["code"]} for detail in body["error"]["details"]
    ]
