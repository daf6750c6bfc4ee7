"""Master data: If-Match is required for every change and a stale version is refused."""

from __future__ import annotations

import httpx
import pytest

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import Resource, if_match
from tests.support.identity import TestUser

CHANGES = [
    ("PATCH", "", {"name": "Renamed"}),
    ("POST", "/deactivate", None),
    ("POST", "/activate", None),
]


@pytest.mark.parametrize(("method", "suffix", "body"), CHANGES)
async def test_a_change_without_if_match_is_refused_with_428(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
    method: str,
    suffix: str,
    body: dict[str, str] | None,
) -> None:
    created = await create_row(admin)

    response = await client.request(
        method, resource.url(created["id"], suffix), json=body, headers=admin.headers
    )

    assert response.status_code == 428
    assert response.json()["error"]["code"] == "PRECONDITION_REQUIRED"


@pytest.mark.parametrize(("method", "suffix", "body"), CHANGES)
async def test_a_stale_version_is_refused_with_412_and_the_current_version(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
    method: str,
    suffix: str,
    body: dict[str, str] | None,
) -> None:
    created = await create_row(admin)
    url = resource.url(created["id"])
    bumped = await client.patch(
        url, json=dict(resource.edit), headers={**admin.headers, **if_match(1)}
    )
    assert bumped.status_code == 200

    response = await client.request(
        method, f"{url}{suffix}", json=body, headers={**admin.headers, **if_match(1)}
    )

    assert response.status_code == 412
    error = response.json()["error"]
    assert error["code"] == "PRECONDITION_FAILED"
    assert error["details"][0]["code"] == "STALE_VERSION"
    assert error["details"][0]["current_version"] == 2
    assert response.headers["ETag"] == '"2"'
    current = await client.get(url, headers=admin.headers)
    assert current.json()["data"]["version"] == 2
    assert current.json()["data"]["name"] == created["name"]


@pytest.mark.parametrize("header", ["1", 'W/"1"', ' "1" '])
async def test_if_match_accepts_the_usual_spellings(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
    header: str,
) -> None:
    created = await create_row(admin)

    response = await client.patch(
        resource.url(created["id"]),
        json={"name": "Renamed"},
        headers={**admin.headers, "If-Match": header},
    )

    assert response.status_code == 200
    assert response.json()["data"]["version"] == 2


@pytest.mark.parametrize("header", ["abc", '"v1"', "*", '"1", "2"'])
async def test_a_malformed_if_match_is_a_bad_request(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
    header: str,
) -> None:
    created = await create_row(admin)

    response = await client.patch(
        resource.url(created["id"]),
        json={"name": "Renamed"},
        headers={**admin.headers, "If-Match": header},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_IF_MATCH"
