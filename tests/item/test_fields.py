"""Items: the unit, tracking, ideal cycle time and default routing, which only items have.

What every master-data resource does is in tests/master_data.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.item import service
from shopfloor.item.exceptions import ItemNotFoundError
from tests.master_data.resources import ITEMS, assert_validation_error, create, if_match
from tests.support.identity import MakeUser, TestUser, create_organization


async def codes(client: httpx.AsyncClient, user: TestUser, **params: Any) -> list[str]:
    response = await client.get(ITEMS.path, params=params, headers=user.headers)
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["data"]]


async def test_a_new_item_counts_pieces_untracked_with_no_cycle_or_routing(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    data = await create(client, ITEMS, admin)

    assert data["uom"] == "pcs"
    assert data["tracking"] == "none"
    assert data["ideal_cycle_s"] is None
    assert data["default_routing_id"] is None


@pytest.mark.parametrize("tracking", ["none", "lot", "serial"])
async def test_every_tracking_mode_is_stored(
    client: httpx.AsyncClient, admin: TestUser, tracking: str
) -> None:
    data = await create(client, ITEMS, admin, tracking=tracking)

    assert data["tracking"] == tracking


@pytest.mark.parametrize("seconds", [0.001, 1, 42.5, 604_800])
async def test_the_ideal_cycle_accepts_any_positive_number_up_to_a_week(
    client: httpx.AsyncClient, admin: TestUser, seconds: float
) -> None:
    data = await create(client, ITEMS, admin, ideal_cycle_s=seconds)

    assert data["ideal_cycle_s"] == seconds


@pytest.mark.parametrize(
    ("seconds", "code"),
    [
        (0, "GREATER_THAN"),
        (-0.001, "GREATER_THAN"),
        (604_800.001, "LESS_THAN_EQUAL"),
        ("42", "FLOAT_TYPE"),
        (False, "FLOAT_TYPE"),
        ([1], "FLOAT_TYPE"),
    ],
)
async def test_the_ideal_cycle_refuses_what_is_not_a_positive_number_up_to_a_week(
    client: httpx.AsyncClient, admin: TestUser, seconds: Any, code: str
) -> None:
    body = {"code": ITEMS.unique_code(), "name": "Flange", "ideal_cycle_s": seconds}

    response = await client.post(ITEMS.path, json=body, headers=admin.headers)

    assert_validation_error(response, ["body", "ideal_cycle_s"], code)


async def test_the_unit_is_trimmed_and_kept_as_written(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    data = await create(client, ITEMS, admin, uom="  kg ")

    assert data["uom"] == "kg"


async def test_a_blank_unit_is_refused(client: httpx.AsyncClient, admin: TestUser) -> None:
    body = {"code": ITEMS.unique_code(), "name": "Flange", "uom": "   "}

    response = await client.post(ITEMS.path, json=body, headers=admin.headers)

    assert_validation_error(response, ["body", "uom"], "STRING_TOO_SHORT")


async def test_default_routing_id_is_refused_in_a_patch_even_unchanged(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    created = await create(client, ITEMS, admin)

    response = await client.patch(
        ITEMS.url(created["id"]),
        json={"name": "Flange", "default_routing_id": created["default_routing_id"]},
        headers={**admin.headers, **if_match(created["version"])},
    )

    assert_validation_error(response, ["body", "default_routing_id"], "EXTRA_FORBIDDEN")
    unchanged = await client.get(ITEMS.url(created["id"]), headers=admin.headers)
    assert unchanged.json()["data"] == created


async def test_the_list_filters_by_tracking(client: httpx.AsyncClient, admin: TestUser) -> None:
    await create(client, ITEMS, admin, code="T-NONE")
    await create(client, ITEMS, admin, code="T-LOT", tracking="lot")
    await create(client, ITEMS, admin, code="T-SERIAL", tracking="serial")

    assert await codes(client, admin, tracking="lot") == ["T-LOT"]
    assert await codes(client, admin, tracking="serial", q="t-") == ["T-SERIAL"]
    assert await codes(client, admin) == ["T-LOT", "T-NONE", "T-SERIAL"]


async def test_the_list_refuses_an_unknown_tracking_mode(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    response = await client.get(ITEMS.path, params={"tracking": "batch"}, headers=admin.headers)

    assert_validation_error(response, ["query", "tracking"], "ENUM")


async def test_set_default_routing_sets_and_clears_it_and_grows_the_version(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser
) -> None:
    created = await create(client, ITEMS, admin)
    item_id, routing_id = uuid.UUID(created["id"]), uuid.uuid4()

    routed = await service.set_default_routing(
        db_session=db_session,
        organization_id=admin.organization_id,
        item_id=item_id,
        routing_id=routing_id,
    )
    read = await client.get(ITEMS.url(created["id"]), headers=admin.headers)
    again = await service.set_default_routing(
        db_session=db_session,
        organization_id=admin.organization_id,
        item_id=item_id,
        routing_id=routing_id,
    )
    cleared = await service.set_default_routing(
        db_session=db_session,
        organization_id=admin.organization_id,
        item_id=item_id,
        routing_id=None,
    )

    assert (routed.default_routing_id, routed.version) == (routing_id, created["version"] + 1)
    assert read.json()["data"]["default_routing_id"] == str(routing_id)
    assert read.headers["ETag"] == f'"{created["version"] + 1}"'
    assert (again.default_routing_id, again.version) == (routing_id, created["version"] + 1)
    assert (cleared.default_routing_id, cleared.version) == (None, created["version"] + 2)


async def test_set_default_routing_refuses_another_organisations_item(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser, make_user: MakeUser
) -> None:
    created = await create(client, ITEMS, admin)
    stranger = await make_user(role="admin", organization_id=await create_organization(db_session))

    for item_id in (uuid.UUID(created["id"]), uuid.uuid4()):
        with pytest.raises(ItemNotFoundError) as raised:
            await service.set_default_routing(
                db_session=db_session,
                organization_id=stranger.organization_id,
                item_id=item_id,
                routing_id=uuid.uuid4(),
            )
        assert raised.value.status_code == 404
        assert raised.value.code == "ITEM_NOT_FOUND"

    unchanged = await client.get(ITEMS.url(created["id"]), headers=admin.headers)
    assert unchanged.json()["data"] == created
