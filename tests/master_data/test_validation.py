"""Master data: every bad input of the shared fields answers the error envelope.

The resources' own fields have their own files (tests/customer, tests/work_center).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import (
    Resource,
    assert_validation_error,
    create,
    if_match,
    own_cases,
)
from tests.support.identity import TestUser

VALID = {"code": "MD-VALID", "name": "Line one"}
SOME_ID = "0193a2b4-0000-7000-8000-000000000000"
SERVER_MANAGED = [
    ({"id": SOME_ID}, "id"),
    ({"organization_id": SOME_ID}, "organization_id"),
    ({"version": 7}, "version"),
    ({"active": False}, "active"),
    ({"created_at": "2026-01-01T00:00:00Z"}, "created_at"),
    ({"updated_at": "2026-01-01T00:00:00Z"}, "updated_at"),
]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": "Line"}, "code", "MISSING"),
        ({"code": "MD-1"}, "name", "MISSING"),
        ({**VALID, "code": ""}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "A" * 33}, "code", "STRING_TOO_LONG"),
        ({**VALID, "code": "-MD"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "MD 1"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "MD/1"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "客戶"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": "工作中心"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "code": 101}, "code", "STRING_TYPE"),
        ({**VALID, "code": None}, "code", "STRING_TYPE"),
        ({**VALID, "code": "MD\u00001"}, "code", "STRING_PATTERN_MISMATCH"),
        ({**VALID, "name": ""}, "name", "STRING_TOO_SHORT"),
        ({**VALID, "name": "   "}, "name", "STRING_TOO_SHORT"),
        ({**VALID, "name": ["Line"]}, "name", "STRING_TYPE"),
        ({**VALID, "name": "Line\u0000"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "\u0000"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Line\none"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Line\t2"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Line\u0008"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Line\u001b[0m"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "name": "Line\u007f"}, "name", "INVALID_CHARACTER"),
        ({**VALID, "colour": "red"}, "colour", "EXTRA_FORBIDDEN"),
        *(({**VALID, **extra}, field, "EXTRA_FORBIDDEN") for extra, field in SERVER_MANAGED),
    ],
)
async def test_create_rejects_bad_bodies(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    response = await client.post(resource.path, json=body, headers=admin.headers)

    assert_validation_error(response, ["body", field], code)


@pytest.mark.parametrize(
    ("resource_spec", "body", "field", "code"), own_cases(lambda resource: resource.bad_create)
)
async def test_create_rejects_bad_values_of_the_resources_own_fields(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource_spec: Resource,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    response = await client.post(resource_spec.path, json={**VALID, **body}, headers=admin.headers)

    assert_validation_error(response, ["body", field], code)


@pytest.mark.parametrize(
    ("resource_spec", "body", "field", "code"), own_cases(lambda resource: resource.bad_patch)
)
async def test_patch_rejects_bad_values_of_the_resources_own_fields_and_changes_nothing(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource_spec: Resource,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    created = await create(client, resource_spec, admin)
    url = resource_spec.url(created["id"])

    response = await client.patch(url, json=body, headers={**admin.headers, **if_match(1)})

    assert_validation_error(response, ["body", field], code)
    unchanged = await client.get(url, headers=admin.headers)
    assert unchanged.json()["data"] == created


async def test_a_name_over_its_bound_is_refused(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    too_long = "n" * (resource.name_max_length + 1)
    created = await create_row(admin)

    on_create = await client.post(
        resource.path, json={**VALID, "name": too_long}, headers=admin.headers
    )
    on_patch = await client.patch(
        resource.url(created["id"]),
        json={"name": too_long},
        headers={**admin.headers, **if_match(1)},
    )

    assert_validation_error(on_create, ["body", "name"], "STRING_TOO_LONG")
    assert_validation_error(on_patch, ["body", "name"], "STRING_TOO_LONG")


async def test_create_accepts_the_bounds(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    longest = {
        "code": "9" + "a._-" * 7 + "zzz",
        "name": "n" * resource.name_max_length,
        **resource.longest,
    }
    shortest = {"code": "7", "name": "n"}

    for body in (longest, shortest):
        response = await client.post(resource.path, json=body, headers=admin.headers)
        assert response.status_code == 201, response.text
        assert response.json()["data"]["code"] == str(body["code"]).upper()


@pytest.mark.parametrize("body", [[{"code": "MD-1", "name": "Line"}], "MD-1", 42, None])
async def test_create_rejects_a_body_that_is_not_an_object(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, body: Any
) -> None:
    response = await client.post(resource.path, json=body, headers=admin.headers)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_malformed_json_is_a_bad_request(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    response = await client.post(
        resource.path,
        content=b'{"code": "MD-1", "name": ',
        headers={**admin.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"code": None}, "code", "NOT_NULLABLE"),
        ({"name": None}, "name", "NOT_NULLABLE"),
        ({"code": "bad code"}, "code", "STRING_PATTERN_MISMATCH"),
        ({"name": ""}, "name", "STRING_TOO_SHORT"),
        ({"name": "Line\u0000"}, "name", "INVALID_CHARACTER"),
        ({"name": "Line\u001b"}, "name", "INVALID_CHARACTER"),
        ({"name": "Li\rne"}, "name", "INVALID_CHARACTER"),
        ({"credit_limit": 1000}, "credit_limit", "EXTRA_FORBIDDEN"),
        ({"location": "Bay 3"}, "location", "EXTRA_FORBIDDEN"),
        *((extra, field, "EXTRA_FORBIDDEN") for extra, field in SERVER_MANAGED),
    ],
)
async def test_patch_rejects_bad_bodies_and_changes_nothing(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    created = await create_row(admin)
    url = resource.url(created["id"])

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
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    method: str,
    suffix: str,
    bad_id: str,
) -> None:
    response = await client.request(
        method,
        resource.url(bad_id, suffix),
        json={} if method == "PATCH" else None,
        headers={**admin.headers, **if_match(1)},
    )

    assert_validation_error(response, ["path", resource.id_param], "UUID_PARSING")


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
        ({"q": "acme\u0001"}, "q", "INVALID_CHARACTER"),
        ({"q": "acme\u001f"}, "q", "INVALID_CHARACTER"),
        ({"q": "acme\t"}, "q", "INVALID_CHARACTER"),
        ({"q": "acme\r\n"}, "q", "INVALID_CHARACTER"),
        ({"q": "\u007f"}, "q", "INVALID_CHARACTER"),
    ],
)
async def test_list_rejects_bad_query_parameters(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    params: dict[str, Any],
    field: str,
    code: str,
) -> None:
    response = await client.get(resource.path, params=params, headers=admin.headers)

    assert_validation_error(response, ["query", field], code)
