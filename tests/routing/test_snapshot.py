"""`snapshot_for_order`: what a new work order copies of a routing, called as the order does."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.routing import service
from shopfloor.routing.exceptions import (
    RoutingItemMismatchError,
    RoutingNotFoundError,
    RoutingNotReleasedError,
)
from shopfloor.routing.schemas import RoutingOperationSnapshot, RoutingSnapshot
from tests.routing import api
from tests.routing.conftest import Plant


async def snapshot(
    db_session: AsyncSession, plant: Plant, routing_id: str | None, item_id: str | None = None
) -> RoutingSnapshot | None:
    return await service.snapshot_for_order(
        db_session=db_session,
        organization_id=plant.admin.organization_id,
        item_id=uuid.UUID(item_id or plant.item["id"]),
        routing_id=uuid.UUID(routing_id) if routing_id else None,
    )


async def test_the_given_released_routing_with_its_operations_by_seq(
    client: httpx.AsyncClient, db_session: AsyncSession, plant: Plant
) -> None:
    routing = await api.create_routing(
        client,
        plant.headers,
        plant.item["id"],
        None,
        operations=[
            api.operation(plant.mill["id"], 20, name="Milling", setup_min=30, run_s_per_unit=60),
            api.operation(plant.lathe["id"], 10, name="Turning", instructions="Chuck it."),
            api.operation(plant.lathe["id"], 20, name="Deburring"),
        ],
    )
    routing = await api.released(client, plant.headers, routing)

    taken = await snapshot(db_session, plant, routing["id"])

    assert taken == RoutingSnapshot(
        routing_id=uuid.UUID(routing["id"]),
        code="STD",
        version=1,
        operations=[
            RoutingOperationSnapshot(
                seq=10,
                name="Turning",
                work_center_id=uuid.UUID(plant.lathe["id"]),
                setup_min=0,
                run_s_per_unit=0,
                instructions="Chuck it.",
            ),
            RoutingOperationSnapshot(
                seq=20,
                name="Milling",
                work_center_id=uuid.UUID(plant.mill["id"]),
                setup_min=30,
                run_s_per_unit=60,
                instructions=None,
            ),
            RoutingOperationSnapshot(
                seq=20,
                name="Deburring",
                work_center_id=uuid.UUID(plant.lathe["id"]),
                setup_min=0,
                run_s_per_unit=0,
                instructions=None,
            ),
        ],
    )


async def test_without_a_routing_the_items_default_or_none(
    client: httpx.AsyncClient, db_session: AsyncSession, plant: Plant
) -> None:
    # A draft flagged default is not a default yet, nor a released routing without the flag.
    await api.create_routing(
        client, plant.headers, plant.item["id"], plant.lathe["id"], code="D", is_default=True
    )
    plain = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    await api.released(client, plant.headers, plain)
    assert await snapshot(db_session, plant, None) is None

    first = await api.create_routing(
        client, plant.headers, plant.item["id"], plant.mill["id"], code="MAIN", is_default=True
    )
    first = await api.released(client, plant.headers, first)
    taken = await snapshot(db_session, plant, None)
    assert taken is not None
    assert (taken.routing_id, taken.code, taken.version) == (uuid.UUID(first["id"]), "MAIN", 1)

    second = api.data_of(await api.act(client, plant.headers, first, "copy"), 201)
    second = await api.released(client, plant.headers, second)
    later = await snapshot(db_session, plant, None)
    assert later is not None
    assert (later.routing_id, later.version) == (uuid.UUID(second["id"]), 2)
    # The snapshot taken before is a value: the new version changed nothing in it.
    assert taken.version == 1

    api.data_of(await api.act(client, plant.headers, second, "obsolete"))
    assert await snapshot(db_session, plant, None) is None


async def test_an_item_without_routings_gives_none(
    client: httpx.AsyncClient, db_session: AsyncSession, plant: Plant
) -> None:
    assert await snapshot(db_session, plant, None) is None


@pytest.mark.parametrize("action", [None, "obsolete"])
async def test_a_routing_that_is_not_released_is_refused(
    client: httpx.AsyncClient, db_session: AsyncSession, plant: Plant, action: str | None
) -> None:
    routing = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    if action is not None:
        routing = api.data_of(await api.act(client, plant.headers, routing, action))

    with pytest.raises(RoutingNotReleasedError) as refused:
        await snapshot(db_session, plant, routing["id"])

    assert refused.value.code == "ROUTING_NOT_RELEASED"
    assert refused.value.status_code == 409
    assert refused.value.params == {"status": routing["status"]}


async def test_another_items_routing_is_refused(
    client: httpx.AsyncClient, db_session: AsyncSession, plant: Plant
) -> None:
    other_item = await api.create_item(client, plant.admin.headers)
    routing = await api.create_routing(client, plant.headers, other_item["id"], plant.lathe["id"])
    await api.released(client, plant.headers, routing)

    with pytest.raises(RoutingItemMismatchError) as refused:
        await snapshot(db_session, plant, routing["id"])

    assert (refused.value.code, refused.value.status_code) == ("ROUTING_ITEM_MISMATCH", 422)


async def test_an_unknown_or_foreign_routing_is_not_found(
    client: httpx.AsyncClient, db_session: AsyncSession, plant: Plant
) -> None:
    routing = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    await api.released(client, plant.headers, routing)

    with pytest.raises(RoutingNotFoundError):
        await snapshot(db_session, plant, str(uuid.uuid4()))
    with pytest.raises(RoutingNotFoundError):
        await service.snapshot_for_order(
            db_session=db_session,
            organization_id=uuid.uuid4(),
            item_id=uuid.UUID(plant.item["id"]),
            routing_id=uuid.UUID(routing["id"]),
        )
