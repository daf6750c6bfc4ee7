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
        ({"name": "Lathe"}, "code", "missing"),
        ({"code": "WC-1"}, "name", "missing"),
        ({**VALID, "code": ""}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "A" * 33}, "code", "string_too_long"),
        ({**VALID, "code": "-WC"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "WC 1"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "WC/1"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": "工作中心"}, "code", "string_pattern_mismatch"),
        ({**VALID, "code": 101}, "code", "string_type"),
        ({**VALID, "code": None}, "code", "string_type"),
        ({**VALID, "name": ""}, "name", "string_too_short"),
        ({**VALID, "name": "   "}, "name", "string_too_short"),
        ({**VALID, "name": "n" * 101}, "name", "string_too_long"),
        ({**VALID, "name": ["Lathe"]}, "name", "string_type"),
        ({**VALID, "description": "d" * 501}, "description", "string_too_long"),
        ({**VALID, "description": 5}, "description", "string_type"),
        ({**VALID, "code": "WC\u00001"}, "code", "string_pattern_mismatch"),
        ({**VALID, "name": "Lathe\u0000"}, "name", "invalid_character"),
        ({**VALID, "name": "\u0000"}, "name", "invalid_character"),
        ({**VALID, "name": "Lathe\n2"}, "name", "invalid_character"),
        ({**VALID, "name": "Lathe\t2"}, "name", "invalid_character"),
        ({**VALID, "name": "Lathe\u001b[0m"}, "name", "invalid_character"),
        ({**VALID, "name": "Lathe\u007f"}, "name", "invalid_character"),
        ({**VALID, "description": "Bay 3\u0000"}, "description", "invalid_character"),
        ({**VALID, "description": "Bay\u00073"}, "description", "invalid_character"),
        ({**VALID, "description": "Bay\u000b3"}, "description", "invalid_character"),
        ({**VALID, "state": "broken"}, "state", "enum"),
        ({**VALID, "state": "BLOCKED"}, "state", "enum"),
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
        ({"code": None}, "code", "not_nullable"),
        ({"name": None}, "name", "not_nullable"),
        ({"state": None}, "state", "not_nullable"),
        ({"code": "bad code"}, "code", "string_pattern_mismatch"),
        ({"name": ""}, "name", "string_too_short"),
        ({"name": "n" * 101}, "name", "string_too_long"),
        ({"description": "d" * 501}, "description", "string_too_long"),
        ({"name": "Lathe\u0000"}, "name", "invalid_character"),
        ({"name": "La\rthe"}, "name", "invalid_character"),
        ({"description": "\u0000"}, "description", "invalid_character"),
        ({"description": "Bay\u001f3"}, "description", "invalid_character"),
        ({"state": "idle"}, "state", "enum"),
        ({"state": 1}, "state", "enum"),
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
        ({"location": "Bay 3"}, "location", "extra_forbidden"),
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

    assert_validation_error(response, ["path", "work_center_id"], "uuid_parsing")


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page_size": 0}, "page_size", "greater_than_equal"),
        ({"page_size": 101}, "page_size", "less_than_equal"),
        ({"page_size": "ten"}, "page_size", "int_parsing"),
        ({"page": 0}, "page", "greater_than_equal"),
        ({"page": -1}, "page", "greater_than_equal"),
        ({"active": "perhaps"}, "active", "bool_parsing"),
        ({"state": "idle"}, "state", "enum"),
        ({"sort": "colour"}, "sort", "enum"),
        ({"sort": "id"}, "sort", "enum"),
        ({"q": "q" * 101}, "q", "string_too_long"),
        ({"q": "CNC\u0000"}, "q", "invalid_character"),
        ({"q": "\u0000"}, "q", "invalid_character"),
        ({"q": "CNC\u0001"}, "q", "invalid_character"),
        ({"q": "CNC\t"}, "q", "invalid_character"),
        ({"q": "\u007f"}, "q", "invalid_character"),
    ],
)
async def test_list_rejects_bad_query_parameters(
    client: httpx.AsyncClient, admin: TestUser, params: dict[str, Any], field: str, code: str
) -> None:
    response = await client.get(WORK_CENTERS, params=params, headers=admin.headers)

    assert_validation_error(response, ["query", field], code)
