"""An order's history names who took each step, for readers who may not look users up."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shopfloor.audit import service as audit_service
from tests.support.identity import MakeUser
from tests.support.statements import statements_on
from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.flows import running


async def history(
    client: httpx.AsyncClient, headers: dict[str, str], order_id: str
) -> list[dict[str, Any]]:
    response = await client.get(
        f"{api.ORDERS}/{order_id}/history", params={"page_size": 100}, headers=headers
    )
    return api.data_of(response)  # type: ignore[no-any-return]


async def test_each_entry_carries_its_actors_full_name(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, _ = await running(client, floor, quantity=10, planned=10)
    order = await api.read_order(client, floor.viewer.headers, order["id"])
    api.data_of(await api.act(client, floor.supervisor.headers, order, "hold", "Tool change"))

    entries = await history(client, floor.planner.headers, order["id"])
    users = await client.get(f"{api.API}/users", headers=floor.planner.headers)

    # The planner cannot list users, so the history itself must say who acted.
    assert users.status_code == 403
    names = {
        str(user.id): user_name
        for user, user_name in (
            (floor.planner, "Test Planner"),
            (floor.operator, "Test Operator"),
            (floor.supervisor, "Test Supervisor"),
        )
    }
    assert [entry["actor_name"] for entry in entries] == [
        names[entry["actor_id"]] for entry in entries
    ]
    assert {entry["actor_name"] for entry in entries} == set(names.values())


async def test_system_steps_and_deleted_accounts_have_no_name(
    client: httpx.AsyncClient, floor: Floor, make_user: MakeUser, db_session: AsyncSession
) -> None:
    planner = await make_user(role="planner")
    order = await api.create_order(client, planner.headers)
    # A step without a user, as a maintenance job writes it.
    await audit_service.record(
        db_session=db_session,
        organization_id=floor.organization_id,
        action="note",
        resource_type="work_order",
        resource_id=uuid.UUID(order["id"]),
        actor_id=None,
        actor_role=None,
    )
    deleted = await client.delete(f"{api.API}/users/{planner.id}", headers=floor.admin.headers)
    assert deleted.status_code == 200, deleted.text

    created, note = await history(client, floor.viewer.headers, order["id"])

    assert (created["actor_id"], created["actor_name"]) == (str(planner.id), None)
    assert (note["actor_id"], note["actor_name"]) == (None, None)


async def test_names_come_with_the_page_whatever_its_length(
    client: httpx.AsyncClient, floor: Floor, db_connection: AsyncConnection
) -> None:
    short = await api.create_order(client, floor.planner.headers)
    long, _ = await running(client, floor, quantity=10, planned=10)
    long = await api.read_order(client, floor.viewer.headers, long["id"])
    api.data_of(await api.act(client, floor.supervisor.headers, long, "hold", "Tool change"))

    shapes = []
    for order_id in (short["id"], long["id"]):
        async with statements_on(db_connection) as seen:
            entries = await history(client, floor.viewer.headers, order_id)
        named = [s for s in seen.everything if "audit_log" in s and "user_account" in s]
        shapes.append((len(seen.everything), len(named), len({e["actor_id"] for e in entries})))

    (short_total, short_named, short_actors), (long_total, long_named, long_actors) = shapes
    assert (short_actors, long_actors) == (1, 3)
    # One statement reads the page with its names; more entries and actors add none.
    assert short_total == long_total
    assert short_named == long_named == 1
