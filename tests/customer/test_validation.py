"""Customers: every bad input answers the error envelope with the right status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.customer.conftest import CUSTOMERS, CreateCustomer, if_match
from tests.support.identity import TestUser

VALID = {"code": "CU-VALID", "name": "Acme Precision"}


def assert_validation_error(response: httpx.Response, loc: list[str | int], code: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert {"loc": loc, "code": code} in [
        {"loc": detail["loc"], "code": detail["code"]} for detail in body["error"]["details"]
    ]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": "Acme"}, "code", "missing"),
        ({"code": "CU-1"}, "name", "missing"),
        ({**VALID, "code": ""}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "A" * 33}, "code", "string_too_long"),
        ({**VALID, "code": "-CU"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "CU 1"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "CU/1"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "客戶"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": 101}, "code", "string_type"),
        ({**VALID, "code": None}, "code", "string_type"),
        ({**VALID, "name": ""}, "name", "string_too_short"),
        ({**VALID, "name": "   "}, "name", "string_too_short"),
        ({**VALID, "name": "n" * 201}, "name", "string_too_long"),
        ({**VALID, "name": ["Acme"]}, "name", "string_type"),
        ({**VALID, "contact_name": "c" * 101}, "contact_name", "string_too_long"),
        ({**VALID, "contact_name": 5}, "contact_name", "string_type"),
        ({**VALID, "contact_email": "buyer"}, "contact_email", "string_pattern_mismatch"),
        ({**VALID, "contact_email": "buyer@acme"}, "contact_email", "string_pattern_mismatch"),
        (
            {**VALID, "contact_email": "a b@acme.example"},
            "contact_email",
            "string_pattern_mismatch",
        ),
        ({**VALID, "contact_email": ""}, "contact_email", "string_pattern_mismatch"),
        (
            {**VALID, "contact_email": "b" * 250 + "@a.io"},
            "contact_email",
            "string_too_long",
        ),
        ({**VALID, "contact_phone": "call me"}, "contact_phone", "string_pattern_mismatch"),
        ({**VALID, "contact_phone": "1" * 33}, "contact_phone", "string_too_long"),
        ({**VALID, "contact_phone": 886223456789}, "contact_phone", "string_type"),
        ({**VALID, "code": "CU\u00001"}, "code", "string_pattern_mismatch"),
        ({**VALID, "name": "Acme\u0000"}, "name", "invalid_character"),
        ({**VALID, "name": "\u0000"}, "name", "invalid_character"),
        ({**VALID, "name": "Acme\nPrecision"}, "name", "invalid_character"),
        ({**VALID, "name": "Acme\u0008"}, "name", "invalid_character"),
        ({**VALID, "name": "Acme\u007f"}, "name", "invalid_character"),
        ({**VALID, "contact_name": "Lin\u0000"}, "contact_name", "invalid_character"),
        ({**VALID, "contact_name": "Lin\tMei"}, "contact_name", "invalid_character"),
        (
            {**VALID, "contact_email": "buyer\u0000@acme.example"},
            "contact_email",
            "invalid_character",
        ),
        (
            {**VALID, "contact_email": "buyer\u0001@acme.example"},
            "contact_email",
            "invalid_character",
        ),
        ({**VALID, "contact_phone": "+886\u0000"}, "contact_phone", "string_pattern_mismatch"),
        ({**VALID, "state": "normal"}, "state", "extra_forbidden"),
        ({**VALID, "colour": "red"}, "colour", "extra_forbidden"),
        ({**VALID, "id": "0193a2b4-0000-7000-8000-000000000000"}, "id", "extra_forbidden"),
        (
            {**VALID, "organization_id": "0193a2b4-0000-7000-8000-000000000000"},
            "organization_id",
            "extra_forbidden",
        ),
        ({**VALID, "version": 7}, "version", "extra_forbidden"),
        ({**VALID, "active": False}, "active", "extra_forbidden"),
        ({**VALID, "created_at": "2026-01-01T00:00:00Z"}, "created_at", "extra_forbidden"),
        ({**VALID, "updated_at": "2026-01-01T00:00:00Z"}, "updated_at", "extra_forbidden"),
    ],
)
async def test_create_rejects_bad_bodies(
    client: httpx.AsyncClient, admin: TestUser, body: dict[str, Any], field: str, code: str
) -> None:
    response = await client.post(CUSTOMERS, json=body, headers=admin.headers)

    assert_validation_error(response, ["body", field], code)


async def test_create_accepts_the_bounds(client: httpx.AsyncClient, admin: TestUser) -> None:
    longest = {
        "code": "9" + "a._-" * 7 + "zzz",
        "name": "n" * 200,
        "contact_name": "c" * 100,
        "contact_email": "b" * 240 + "@acme.example",
        "contact_phone": "+" + "1" * 31,
    }
    shortest = {"code": "7", "name": "n"}

    for body in (longest, shortest):
        response = await client.post(CUSTOMERS, json=body, headers=admin.headers)
        assert response.status_code == 201, response.text
        assert response.json()["data"]["code"] == str(body["code"]).upper()


@pytest.mark.parametrize(
    "body",
    [[{"code": "CU-1", "name": "Acme"}], "CU-1", 42, None],
)
async def test_create_rejects_a_body_that_is_not_an_object(
    client: httpx.AsyncClient, admin: TestUser, body: Any
) -> None:
    response = await client.post(CUSTOMERS, json=body, headers=admin.headers)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_malformed_json_is_a_bad_request(client: httpx.AsyncClient, admin: TestUser) -> None:
    response = await client.post(
        CUSTOMERS,
        content=b'{"code": "CU-1", "name": ',
        headers={**admin.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"code": None}, "code", "not_nullable"),
        ({"name": None}, "name", "not_nullable"),
        ({"contact_email": "nobody"}, "contact_email", "string_pattern_mismatch"),
        ({"code": "bad code"}, "code", "string_pattern_mismatch"),
        ({"name": ""}, "name", "string_too_short"),
        ({"name": "n" * 201}, "name", "string_too_long"),
        ({"contact_name": "c" * 101}, "contact_name", "string_too_long"),
        ({"contact_phone": "+1 (555) x"}, "contact_phone", "string_pattern_mismatch"),
        ({"name": "Acme\u0000"}, "name", "invalid_character"),
        ({"name": "Acme\u001b"}, "name", "invalid_character"),
        ({"contact_name": "\u0000"}, "contact_name", "invalid_character"),
        ({"contact_email": "\u0000a@b.example"}, "contact_email", "invalid_character"),
        ({"state": "blocked"}, "state", "extra_forbidden"),
        ({"active": False}, "active", "extra_forbidden"),
        ({"version": 2}, "version", "extra_forbidden"),
        ({"id": "0193a2b4-0000-7000-8000-000000000000"}, "id", "extra_forbidden"),
        (
            {"organization_id": "0193a2b4-0000-7000-8000-000000000000"},
            "organization_id",
            "extra_forbidden",
        ),
        ({"created_at": "2026-01-01T00:00:00Z"}, "created_at", "extra_forbidden"),
        ({"updated_at": "2026-01-01T00:00:00Z"}, "updated_at", "extra_forbidden"),
        ({"credit_limit": 1000}, "credit_limit", "extra_forbidden"),
    ],
)
async def test_patch_rejects_bad_bodies_and_changes_nothing(
    client: httpx.AsyncClient,
    admin: TestUser,
    create_customer: CreateCustomer,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    created = await create_customer(admin)
    url = f"{CUSTOMERS}/{created['id']}"

    response = await client.patch(url, json=body, headers={**admin.headers, **if_match(1)})

    assert_validation_error(response, ["body", field], code)
    unchanged = await client.get(url, headers=admin.headers)
    assert unchanged.json()["data"] == created


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PATCH", ""), ("POST", "/deactivate"), ("POST", "/activate")],
)
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "12345", "0193a2b4-0000-7000-8000"])
async def test_a_malformed_id_is_a_validation_error(
    client: httpx.AsyncClient, admin: TestUser, method: str, suffix: str, bad_id: str
) -> None:
    response = await client.request(
        method,
        f"{CUSTOMERS}/{bad_id}{suffix}",
        json={} if method == "PATCH" else None,
        headers={**admin.headers, **if_match(1)},
    )

    assert_validation_error(response, ["path", "customer_id"], "uuid_parsing")


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page_size": 0}, "page_size", "greater_than_equal"),
        ({"page_size": 101}, "page_size", "less_than_equal"),
        ({"page_size": "ten"}, "page_size", "int_parsing"),
        ({"page": 0}, "page", "greater_than_equal"),
        ({"page": -1}, "page", "greater_than_equal"),
        ({"active": "perhaps"}, "active", "bool_parsing"),
        ({"sort": "colour"}, "sort", "enum"),
        ({"sort": "id"}, "sort", "enum"),
        ({"q": "q" * 101}, "q", "string_too_long"),
        ({"q": "acme\u0000"}, "q", "invalid_character"),
        ({"q": "\u0000"}, "q", "invalid_character"),
        ({"q": "acme\u001f"}, "q", "invalid_character"),
        ({"q": "acme\r\n"}, "q", "invalid_character"),
        ({"q": "\u007f"}, "q", "invalid_character"),
    ],
)
async def test_list_rejects_bad_query_parameters(
    client: httpx.AsyncClient, admin: TestUser, params: dict[str, Any], field: str, code: str
) -> None:
    response = await client.get(CUSTOMERS, params=params, headers=admin.headers)

    assert_validation_error(response, ["query", field], code)
