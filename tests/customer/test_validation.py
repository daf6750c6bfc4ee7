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
        ({"name": "Acme"}, "code", "MISSING"),
        ({"code": "CU-1"}, "name", "MISSING"),
        ({**VALID, "code": ""}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "A" * 33}, "code", "STRING_TOO_LONG"),
        ({**VALID, "code": "-CU"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "CU 1"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "CU/1"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "客戶"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": 101}, "code", "STRING_TYPE"),
        ({**VALID, "code": None}, "code", "STRING_TYPE"),
        ({**VALID, "name": ""}, "name", "STRING_TOO_SHORT"),
        ({**VALID, "name": "   "}, "name", "STRING_TOO_SHORT"),
        ({**VALID, "name": "n" * 201}, "name", "STRING_TOO_LONG"),
        ({**VALID, "name": ["Acme"]}, "name", "STRING_TYPE"),
        ({**VALID, "contact_name": "c" * 101}, "contact_name", "STRING_TOO_LONG"),
        ({**VALID, "contact_name": 5}, "contact_name", "STRING_TYPE"),
        ({**VALID, "contact_email": "buyer"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "contact_email": "buyer@acme"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        (
            {**VALID, "contact_email": "a b@acme.example"},
            "contact_email",
            "STRING_PATTERN_MISMATCH",
        ),
        ({**VALID, "contact_email": ""}, "contact_email", "STRING_PATTERN_MISMATCH"),
        (
            {**VALID, "contact_email": "b" * 250 + "@a.io"},
            "contact_email",
            "STRING_TOO_LONG",
        ),
        ({**VALID, "contact_phone": "call me"}, "contact_phone", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "contact_phone": "1" * 33}, "contact_phone", "STRING_TOO_LONG"),
        ({**VALID, "contact_phone": 886223456789}, "contact_phone", "STRING_TYPE"),
        ({**VALID, "code": "CU\u00001"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "name": "Acme\u0000"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "\u0000"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Acme\nPrecision"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Acme\u0008"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Acme\u007f"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "contact_name": "Lin\u0000"}, "contact_name", "INVALID_CHARACTER"),
        ({**VALID, "contact_name": "Lin\tMei"}, "contact_name", "INVALID_CHARACTER"),
        (
            {**VALID, "contact_email": "buyer\u0000@acme.example"},
            "contact_email",
            "INVALID_CHARACTER",
        ),
        (
            {**VALID, "contact_email": "buyer\u0001@acme.example"},
            "contact_email",
            "INVALID_CHARACTER",
        ),
        ({**VALID, "contact_phone": "+886\u0000"}, "contact_phone", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "state": "normal"}, "state", "EXTRA_FORBIDDEN"),
        ({**VALID, "colour": "red"}, "colour", "EXTRA_FORBIDDEN"),
        ({**VALID, "id": "0193a2b4-0000-7000-8000-000000000000"}, "id", "EXTRA_FORBIDDEN"),
        (
            {**VALID, "organization_id": "0193a2b4-0000-7000-8000-000000000000"},
            "organization_id",
            "EXTRA_FORBIDDEN",
        ),
        ({**VALID, "version": 7}, "version", "EXTRA_FORBIDDEN"),
        ({**VALID, "active": False}, "active", "EXTRA_FORBIDDEN"),
        ({**VALID, "created_at": "2026-01-01T00:00:00Z"}, "created_at", "EXTRA_FORBIDDEN"),
        ({**VALID, "updated_at": "2026-01-01T00:00:00Z"}, "updated_at", "EXTRA_FORBIDDEN"),
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
        ({"code": None}, "code", "NOT_NULLABLE"),
        ({"name": None}, "name", "NOT_NULLABLE"),
        ({"contact_email": "nobody"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({"code": "bad code"}, "code", "STRING_PATTERN_MISMATCH"),
        ({"name": ""}, "name", "STRING_TOO_SHORT"),
        ({"name": "n" * 201}, "name", "STRING_TOO_LONG"),
        ({"contact_name": "c" * 101}, "contact_name", "STRING_TOO_LONG"),
        ({"contact_phone": "+1 (555) x"}, "contact_phone", "STRING_PATTERN_MISMATCH"),
        ({"name": "Acme\u0000"}, "name", "INVALID_CHARACTER"),
        ({"name": "Acme\u001b"}, "name", "INVALID_CHARACTER"),
        ({"contact_name": "\u0000"}, "contact_name", "INVALID_CHARACTER"),
        ({"contact_email": "\u0000a@b.example"}, "contact_email", "INVALID_CHARACTER"),
        ({"state": "blocked"}, "state", "EXTRA_FORBIDDEN"),
        ({"active": False}, "active", "EXTRA_FORBIDDEN"),
        ({"version": 2}, "version", "EXTRA_FORBIDDEN"),
        ({"id": "0193a2b4-0000-7000-8000-000000000000"}, "id", "EXTRA_FORBIDDEN"),
        (
            {"organization_id": "0193a2b4-0000-7000-8000-000000000000"},
            "organization_id",
            "EXTRA_FORBIDDEN",
        ),
        ({"created_at": "2026-01-01T00:00:00Z"}, "created_at", "EXTRA_FORBIDDEN"),
        ({"updated_at": "2026-01-01T00:00:00Z"}, "updated_at", "EXTRA_FORBIDDEN"),
        ({"credit_limit": 1000}, "credit_limit", "EXTRA_FORBIDDEN"),
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

    assert_validation_error(response, ["path", "customer_id"], "UUID_PARSING")


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page_size": 0}, "page_size", "GREATER_THAN_EQUAL"),
        ({"page_size": 101}, "page_size", "LESS_THAN_EQUAL"),
        ({"page_size": "ten"}, "page_size", "INT_PARSING"),
        ({"page": 0}, "page", "GREATER_THAN_EQUAL"),
        ({"page": -1}, "page", "GREATER_THAN_EQUAL"),
        ({"active": "perhaps"}, "active", "BOOL_PARSING"),
        ({"sort": "colour"}, "sort", "ENUM"),
        ({"sort": "id"}, "sort", "ENUM"),
        ({"q": "q" * 101}, "q", "STRING_TOO_LONG"),
        ({"q": "acme\u0000"}, "q", "INVALID_CHARACTER"),
        ({"q": "\u0000"}, "q", "INVALID_CHARACTER"),
        ({"q": "acme\u001f"}, "q", "INVALID_CHARACTER"),
        ({"q": "acme\r\n"}, "q", "INVALID_CHARACTER"),
        ({"q": "\u007f"}, "q", "INVALID_CHARACTER"),
    ],
)
async def test_list_rejects_bad_query_parameters(
    client: httpx.AsyncClient, admin: TestUser, params: dict[str, Any], field: str, code: str
) -> None:
    response = await client.get(CUSTOMERS, params=params, headers=admin.headers)

    assert_validation_error(response, ["query", field], code)
