"""Work centers: every bad input answers the error envelope with the right status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.identity import TestUser
from tests.work_center.conftest import WORK_CENTERS, CreateWorkCenter, if_match

VALID = {"code": "WC-VALID", "name": "CNC lathe"}


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
        ({"name": "Lathe"}, "code", "MISSING"),
        ({"code": "WC-1"}, "name", "MISSING"),
        ({**VALID, "code": ""}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "A" * 33}, "code", "STRING_TOO_LONG"),
        ({**VALID, "code": "-WC"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "WC 1"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "WC/1"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "工作中心"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": 101}, "code", "STRING_TYPE"),
        ({**VALID, "code": None}, "code", "STRING_TYPE"),
        ({**VALID, "name": ""}, "name", "STRING_TOO_SHORT"),
        ({**VALID, "name": "   "}, "name", "STRING_TOO_SHORT"),
        ({**VALID, "name": "n" * 101}, "name", "STRING_TOO_LONG"),
        ({**VALID, "name": ["Lathe"]}, "name", "STRING_TYPE"),
        ({**VALID, "description": "d" * 501}, "description", "STRING_TOO_LONG"),
        ({**VALID, "description": 5}, "description", "STRING_TYPE"),
        ({**VALID, "code": "WC\u00001"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "name": "Lathe\u0000"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "\u0000"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Lathe\n2"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Lathe\t2"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Lathe\u001b[0m"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Lathe\u007f"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "description": "Bay 3\u0000"}, "description", "INVALID_CHARACTER"),
        ({**VALID, "description": "Bay\u00073"}, "description", "INVALID_CHARACTER"),
        ({**VALID, "description": "Bay\u000b3"}, "description", "INVALID_CHARACTER"),
        ({**VALID, "state": "broken"}, "state", "ENUM"),
        ({**VALID, "state": "BLOCKED"}, "state", "ENUM"),
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
    response = await client.post(WORK_CENTERS, json=body, headers=admin.headers)

    assert_validation_error(response, ["body", field], code)


async def test_a_description_keeps_its_line_breaks_and_tabs(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    description = "Two-axis CNC lathe\r\nBay 3\tnext to the door\nServiced monthly"
    body = {**VALID, "description": f"  {description}\n"}

    response = await client.post(WORK_CENTERS, json=body, headers=admin.headers)

    assert response.status_code == 201, response.text
    assert response.json()["data"]["description"] == description


async def test_create_accepts_the_bounds(client: httpx.AsyncClient, admin: TestUser) -> None:
    longest = {"code": "9" + "a._-" * 7 + "zzz", "name": "n" * 100, "description": "d" * 500}
    shortest = {"code": "7", "name": "n"}

    for body in (longest, shortest):
        response = await client.post(WORK_CENTERS, json=body, headers=admin.headers)
        assert response.status_code == 201, response.text
        assert response.json()["data"]["code"] == str(body["code"]).upper()


@pytest.mark.parametrize(
    "body",
    [[{"code": "WC-1", "name": "Lathe"}], "WC-1", 42, None],
)
async def test_create_rejects_a_body_that_is_not_an_object(
    client: httpx.AsyncClient, admin: TestUser, body: Any
) -> None:
    response = await client.post(WORK_CENTERS, json=body, headers=admin.headers)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_malformed_json_is_a_bad_request(client: httpx.AsyncClient, admin: TestUser) -> None:
    response = await client.post(
        WORK_CENTERS,
        content=b'{"code": "WC-1", "name": ',
        headers={**admin.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"code": None}, "code", "NOT_NULLABLE"),
        ({"name": None}, "name", "NOT_NULLABLE"),
        ({"state": None}, "state", "NOT_NULLABLE"),
        ({"code": "bad code"}, "code", "STRING_PATTERN_MISMATCH"),
        ({"name": ""}, "name", "STRING_TOO_SHORT"),
        ({"name": "n" * 101}, "name", "STRING_TOO_LONG"),
        ({"description": "d" * 501}, "description", "STRING_TOO_LONG"),
        ({"name": "Lathe\u0000"}, "name", "INVALID_CHARACTER"),
        ({"name": "La\rthe"}, "name", "INVALID_CHARACTER"),
        ({"description": "\u0000"}, "description", "INVALID_CHARACTER"),
        ({"description": "Bay\u001f3"}, "description", "INVALID_CHARACTER"),
        ({"state": "idle"}, "state", "ENUM"),
        ({"state": 1}, "state", "ENUM"),
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
        ({"location": "Bay 3"}, "location", "EXTRA_FORBIDDEN"),
    ],
)
async def test_patch_rejects_bad_bodies_and_changes_nothing(
    client: httpx.AsyncClient,
    admin: TestUser,
    create_work_center: CreateWorkCenter,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    created = await create_work_center(admin)
    url = f"{WORK_CENTERS}/{created['id']}"

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
        f"{WORK_CENTERS}/{bad_id}{suffix}",
        json={} if method == "PATCH" else None,
        headers={**admin.headers, **if_match(1)},
    )

    assert_validation_error(response, ["path", "work_center_id"], "UUID_PARSING")


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page_size": 0}, "page_size", "GREATER_THAN_EQUAL"),
        ({"page_size": 101}, "page_size", "LESS_THAN_EQUAL"),
        ({"page_size": "ten"}, "page_size", "INT_PARSING"),
        ({"page": 0}, "page", "GREATER_THAN_EQUAL"),
        ({"page": -1}, "page", "GREATER_THAN_EQUAL"),
        ({"active": "perhaps"}, "active", "BOOL_PARSING"),
        ({"state": "idle"}, "state", "ENUM"),
        ({"sort": "colour"}, "sort", "ENUM"),
        ({"sort": "id"}, "sort", "ENUM"),
        ({"q": "q" * 101}, "q", "STRING_TOO_LONG"),
        ({"q": "CNC\u0000"}, "q", "INVALID_CHARACTER"),
        ({"q": "\u0000"}, "q", "INVALID_CHARACTER"),
        ({"q": "CNC\u0001"}, "q", "INVALID_CHARACTER"),
        ({"q": "CNC\t"}, "q", "INVALID_CHARACTER"),
        ({"q": "\u007f"}, "q", "INVALID_CHARACTER"),
    ],
)
async def test_list_rejects_bad_query_parameters(
    client: httpx.AsyncClient, admin: TestUser, params: dict[str, Any], field: str, code: str
) -> None:
    response = await client.get(WORK_CENTERS, params=params, headers=admin.headers)

    assert_validation_error(response, ["query", field], code)
