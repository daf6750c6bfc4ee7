"""Names in the OpenAPI document that client generators turn into code.

Operation ids become function names, schema names class names and enum member names
constants, so each must be readable on its own: `<group>_<verb>` operations, schemas named
after their model, and an explicit name for every enum value that is not one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI

from shopfloor.core.openapi import operation_ids
from tests.support.openapi_walk import operations, string_enums

OPERATION_ID = re.compile(r"^[a-z]+(_[a-z]+)+$")
SCHEMA_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
ENUM_MEMBER = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
# A value a generator can name by upper-casing it.
NAMEABLE_VALUE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def test_every_operation_id_is_unique_and_reads_as_group_and_verb(
    app: FastAPI, platform_app: FastAPI
) -> None:
    for document in (app.openapi(), platform_app.openapi()):
        ids = [operation["operationId"] for _, _, operation in operations(document)]

        assert len(ids) == len(set(ids))
        assert [item for item in ids if not OPERATION_ID.match(item)] == []


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        ("get", "/api/v1/work-orders", "work_orders_list"),
        ("post", "/api/v1/work-orders", "work_orders_create"),
        ("get", "/api/v1/work-orders/{work_order_id}", "work_orders_get"),
        ("post", "/api/v1/work-orders/{work_order_id}/{action}", "work_orders_apply_action"),
        ("get", "/api/v1/work-orders/summary", "work_orders_get_summary"),
        ("post", "/api/v1/work-orders/{work_order_id}/dispatches", "work_orders_create_dispatch"),
        ("get", "/api/v1/dispatches/{dispatch_id}", "dispatches_get"),
        ("post", "/api/v1/dispatches/{dispatch_id}/reports", "dispatches_report_production"),
        ("post", "/api/v1/dispatches/{dispatch_id}/{action}", "dispatches_apply_action"),
        (
            "post",
            "/api/v1/production-reports/{report_id}/reverse",
            "production_reports_reverse",
        ),
        (
            "get",
            "/api/v1/work-centers/{work_center_id}/dispatches",
            "work_centers_list_dispatch_queue",
        ),
        ("patch", "/api/v1/customers/{customer_id}", "customers_update"),
        ("get", "/api/v1/routings", "routings_list"),
        ("post", "/api/v1/routings/{routing_id}/release", "routings_release"),
        ("post", "/api/v1/routings/{routing_id}/copy", "routings_copy"),
        ("post", "/api/v1/routings/{routing_id}/obsolete", "routings_obsolete"),
        ("post", "/api/v1/customers/import", "customers_import"),
        ("post", "/api/v1/work-centers/import", "work_centers_import"),
        ("post", "/api/v1/items/import", "items_import"),
        ("post", "/api/v1/auth/token", "auth_issue_token"),
        ("get", "/api/v1/users/me", "users_get_me"),
        ("get", "/api/v1/audit-logs/{entry_id}", "audit_logs_get"),
        ("get", "/health/ready", "health_readiness"),
    ],
)
def test_operation_ids_of_the_product(
    app: FastAPI, method: str, path: str, operation_id: str
) -> None:
    assert app.openapi()["paths"][path][method]["operationId"] == operation_id


def test_the_id_follows_the_api_prefix() -> None:
    class Route:
        path_format = "/mes/api/work-orders/{work_order_id}"
        name = "read_work_order"

    assert operation_ids("/mes/api")(Route()) == "work_orders_get"  # type: ignore[arg-type]


def test_schemas_are_named_after_their_models(app: FastAPI, platform_app: FastAPI) -> None:
    for document in (app.openapi(), platform_app.openapi()):
        names = list(document["components"]["schemas"])

        assert [name for name in names if not SCHEMA_NAME.match(name)] == []
        assert not any(name.startswith("Body") for name in names)


def test_envelopes_and_the_sign_in_form_have_real_names(app: FastAPI) -> None:
    schemas = app.openapi()["components"]["schemas"]

    assert {
        "TokenRequest",
        "TokenEnvelope",
        "WorkOrderEnvelope",
        "WorkOrderDetailEnvelope",
        "WorkOrderListEnvelope",
        "DispatchEnvelope",
        "ReportOutcomeEnvelope",
        "StationDispatchListEnvelope",
    } <= set(schemas)
    token = app.openapi()["paths"]["/api/v1/auth/token"]["post"]["requestBody"]
    form = token["content"]["application/x-www-form-urlencoded"]["schema"]
    assert form == {"$ref": "#/components/schemas/TokenRequest"}


def _varnames(schema: dict[str, Any]) -> list[str] | None:
    names = schema.get("x-enum-varnames")
    return list(names) if isinstance(names, list) else None


def test_every_enum_value_without_a_name_of_its_own_is_given_one(app: FastAPI) -> None:
    for where, schema in string_enums(app.openapi()):
        values = schema["enum"]
        names = _varnames(schema)
        if names is None:
            assert all(NAMEABLE_VALUE.match(value) for value in values), where
            continue
        assert len(names) == len(values) == len(set(names)), where
        assert all(ENUM_MEMBER.match(name) for name in names), where


def test_descending_sorts_are_named_desc_and_keep_their_wire_values(app: FastAPI) -> None:
    sort = app.openapi()["components"]["schemas"]["MasterDataSort"]

    assert dict(zip(sort["x-enum-varnames"], sort["enum"], strict=True)) == {
        "CODE": "code",
        "CODE_DESC": "-code",
        "NAME": "name",
        "NAME_DESC": "-name",
        "CREATED_AT": "created_at",
        "CREATED_AT_DESC": "-created_at",
    }
