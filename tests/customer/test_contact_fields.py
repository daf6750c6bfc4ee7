"""Customers: the contact fields, which only customers have (the rest: tests/master_data)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.master_data.resources import (
    CUSTOMERS,
    assert_validation_error,
    create,
    if_match,
)
from tests.support.identity import TestUser

VALID = {"code": "CU-VALID", "name": "Acme Precision"}


async def test_create_without_contact_details(client: httpx.AsyncClient, admin: TestUser) -> None:
    data = await create(client, CUSTOMERS, admin, name="Walk-in", contact_name="   ")

    assert (data["contact_name"], data["contact_email"], data["contact_phone"]) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
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
    ],
)
async def test_create_rejects_bad_contact_fields(
    client: httpx.AsyncClient, admin: TestUser, body: dict[str, Any], field: str, code: str
) -> None:
    response = await client.post(CUSTOMERS.path, json={**VALID, **body}, headers=admin.headers)

    assert_validation_error(response, ["body", field], code)


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"contact_email": "nobody"}, "contact_email", "STRING_PATTERN_MISMATCH"),
        ({"contact_name": "c" * 101}, "contact_name", "STRING_TOO_LONG"),
        ({"contact_phone": "+1 (555) x"}, "contact_phone", "STRING_PATTERN_MISMATCH"),
        ({"contact_name": "\u0000"}, "contact_name", "INVALID_CHARACTER"),
        ({"contact_email": "\u0000a@b.example"}, "contact_email", "INVALID_CHARACTER"),
        ({"state": "blocked"}, "state", "EXTRA_FORBIDDEN"),
    ],
)
async def test_patch_rejects_bad_contact_fields_and_changes_nothing(
    client: httpx.AsyncClient, admin: TestUser, body: dict[str, Any], field: str, code: str
) -> None:
    created = await create(client, CUSTOMERS, admin)
    url = CUSTOMERS.url(created["id"])

    response = await client.patch(url, json=body, headers={**admin.headers, **if_match(1)})

    assert_validation_error(response, ["body", field], code)
    unchanged = await client.get(url, headers=admin.headers)
    assert unchanged.json()["data"] == created
