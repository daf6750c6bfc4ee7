"""Master data: the list pages, searches, filters and sorts within the caller's organisation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import Resource, deactivate
from tests.support.identity import TestUser


async def codes(
    client: httpx.AsyncClient, resource: Resource, user: TestUser, **params: Any
) -> list[str]:
    response = await client.get(resource.path, params=params, headers=user.headers)
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["data"]]


async def test_pages_are_complete_without_overlap(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    for code in ("P-3", "P-1", "P-5", "P-2", "P-4"):
        await create_row(admin, code=code)

    def page(number: int) -> dict[str, int]:
        return {"page": number, "page_size": 2}

    first = await client.get(resource.path, params={"page_size": 2}, headers=admin.headers)
    third = await client.get(resource.path, params=page(3), headers=admin.headers)
    beyond = await client.get(resource.path, params=page(4), headers=admin.headers)

    assert first.json()["pagination"] == {"total": 5, "page": 1, "page_size": 2, "pages": 3}
    assert [item["code"] for item in first.json()["data"]] == ["P-1", "P-2"]
    assert [item["code"] for item in third.json()["data"]] == ["P-5"]
    assert beyond.status_code == 200
    assert beyond.json()["data"] == []
    assert beyond.json()["pagination"]["total"] == 5


async def test_the_default_page_size_is_20_and_100_is_allowed(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    for number in range(21):
        await create_row(admin, code=f"D-{number:02d}")

    default = await client.get(resource.path, headers=admin.headers)
    largest = await client.get(resource.path, params={"page_size": 100}, headers=admin.headers)

    assert default.json()["pagination"] == {"total": 21, "page": 1, "page_size": 20, "pages": 2}
    assert len(default.json()["data"]) == 20
    assert len(largest.json()["data"]) == 21


async def test_an_empty_organisation_lists_nothing(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    response = await client.get(resource.path, headers=admin.headers)

    assert response.status_code == 200
    assert response.json()["data"] == []
    assert response.json()["pagination"] == {"total": 0, "page": 1, "page_size": 20, "pages": 0}


async def test_the_list_shows_only_the_callers_organisation(
    client: httpx.AsyncClient,
    admin: TestUser,
    other_admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    await create_row(admin, code="MINE-1")
    await create_row(other_admin, code="THEIRS-1")

    assert await codes(client, resource, admin) == ["MINE-1"]
    assert await codes(client, resource, other_admin) == ["THEIRS-1"]
    assert await codes(client, resource, admin, q="THEIRS") == []


async def test_search_matches_a_code_prefix_or_a_name_part_ignoring_case(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    await create_row(admin, code="ACME-01", name="Acme Precision")
    await create_row(admin, code="ACME-02", name="Acme Tools")
    await create_row(admin, code="BOLT", name="Bolt and ACME nuts")
    await create_row(admin, code="XACME", name="Xylo")
    await create_row(admin, code="TW-01", name="台灣精密機械")

    everything = ["ACME-01", "ACME-02", "BOLT", "TW-01", "XACME"]
    assert await codes(client, resource, admin, q="acme") == ["ACME-01", "ACME-02", "BOLT"]
    assert await codes(client, resource, admin, q="acme-0") == ["ACME-01", "ACME-02"]
    assert await codes(client, resource, admin, q="NUTS") == ["BOLT"]
    assert await codes(client, resource, admin, q="精密") == ["TW-01"]
    assert await codes(client, resource, admin, q="  ") == everything
    assert await codes(client, resource, admin, q="nothing") == []


async def test_search_treats_like_wildcards_literally(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    await create_row(admin, code="A_1", name="Underscore")
    await create_row(admin, code="AB1", name="Letters")
    await create_row(admin, code="C-1", name="100% Steel")
    await create_row(admin, code="C-2", name="1000 Parts")

    assert await codes(client, resource, admin, q="A_") == ["A_1"]
    assert await codes(client, resource, admin, q="100%") == ["C-1"]
    assert await codes(client, resource, admin, q="%") == ["C-1"]


async def test_filter_by_active(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    await create_row(admin, code="F-ONE")
    await create_row(admin, code="F-TWO")
    former = await create_row(admin, code="F-FORMER")
    await deactivate(client, resource, admin, former)

    assert await codes(client, resource, admin, active="true") == ["F-ONE", "F-TWO"]
    assert await codes(client, resource, admin, active="false") == ["F-FORMER"]
    assert await codes(client, resource, admin, active="true", q="f-t") == ["F-TWO"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("code", ["S-A", "S-B", "S-C"]),
        ("-code", ["S-C", "S-B", "S-A"]),
        ("name", ["S-B", "S-C", "S-A"]),
        ("-name", ["S-A", "S-C", "S-B"]),
    ],
)
async def test_sort_by_code_and_name(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
    sort: str,
    expected: list[str],
) -> None:
    await create_row(admin, code="S-C", name="Beta")
    await create_row(admin, code="S-A", name="Gamma")
    await create_row(admin, code="S-B", name="Alpha")

    assert await codes(client, resource, admin, sort=sort) == expected


async def test_sort_by_creation_breaks_ties_on_the_id(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    # One test transaction: every created_at is the same instant, so only the id orders them.
    created = [await create_row(admin) for _ in range(3)]
    by_id = [item["code"] for item in sorted(created, key=lambda item: item["id"])]

    assert await codes(client, resource, admin, sort="created_at") == by_id
    assert await codes(client, resource, admin, sort="-created_at") == by_id[::-1]


async def test_equal_names_are_paged_in_a_stable_order(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = [await create_row(admin, name="Same name") for _ in range(5)]
    expected = [item["code"] for item in sorted(created, key=lambda item: item["id"])]

    pages = [
        await codes(client, resource, admin, sort="name", page=page, page_size=2)
        for page in (1, 2, 3)
    ]

    assert [code for page in pages for code in page] == expected
