"""Every change leaves exactly one audit entry on its order, with the right diff; a refused
change leaves none.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.flows import reported, running


async def history(client: httpx.AsyncClient, floor: Floor, order_id: str) -> list[dict[str, Any]]:
    response = await client.get(
        f"{api.ORDERS}/{order_id}/history", params={"page_size": 100}, headers=floor.viewer.headers
    )
    return api.data_of(response)  # type: ignore[no-any-return]


async def test_creating_and_editing_record_their_fields(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(
        client, floor.planner.headers, quantity=40, priority=6, due_date="2027-01-10"
    )
    response = await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json={"priority": 9, "quantity": 40, "note": "Rush"},
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )
    assert response.status_code == 200

    created, updated = await history(client, floor, order["id"])

    assert created["action"] == "created"
    assert created["actor_id"] == str(floor.planner.id)
    assert created["actor_role"] == "planner"
    assert created["resource_type"] == "work_order"
    assert created["resource_key"] == order["order_number"]
    assert created["changes"]["quantity"] == [None, 40]
    assert created["changes"]["status"] == [None, "pending"]
    assert created["changes"]["due_date"] == [None, "2027-01-10"]
    assert "customer_id" not in created["changes"]  # stayed empty
    assert updated["action"] == "updated"
    assert updated["changes"] == {"priority": [6, 9], "note": [None, "Rush"]}


async def test_refused_changes_leave_no_entry(client: httpx.AsyncClient, floor: Floor) -> None:
    order, dispatch = await running(client, floor, quantity=10, planned=10)
    before = await history(client, floor, order["id"])
    url = f"{api.ORDERS}/{order['id']}"
    edit = {**floor.planner.headers, **api.if_match(order["version"])}

    refused = [
        await client.patch(url, json={"product_model": "X"}, headers=edit),  # 409 locked
        await client.patch(url, json={"quantity": 0}, headers=edit),  # 422
        await client.patch(
            url, json={"priority": 1}, headers={**floor.planner.headers, **api.if_match(99)}
        ),  # 412
        await api.act(client, floor.admin.headers, order, "reopen", "No"),  # 409
        await api.act(client, floor.admin.headers, order, "hold"),  # 422 no reason
        await api.report(client, floor.operator.headers, dispatch["id"], good_qty=11),  # 409
        await client.delete(url, headers=edit),  # 409 not deletable
    ]

    assert [r.status_code for r in refused] == [409, 422, 412, 409, 422, 409, 409]
    assert await history(client, floor, order["id"]) == before


async def test_each_step_of_the_work_is_recorded_on_the_order(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers, quantity=10)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10, operation="turning"
    )
    started = api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))
    started = await reported(client, floor, started, good_qty=4, scrap_qty=1, scrap_reason="Chip")
    order = await api.read_order(client, floor.viewer.headers, order["id"])
    api.data_of(await api.act(client, floor.supervisor.headers, order, "hold", "Tool change"))

    entries = await history(client, floor, order["id"])

    assert [e["action"] for e in entries] == [
        "created",
        "dispatch_created",
        "status_changed:start",
        "dispatch_status_changed:start",
        "quantity_reported",
        "status_changed:hold",
    ]
    _, made, auto_start, step, report, hold = entries
    dispatch_ref = [dispatch["id"], dispatch["id"]]
    assert made["changes"]["dispatch_id"] == [None, dispatch["id"]]
    assert made["changes"]["planned_qty"] == [None, 10]
    assert made["changes"]["operation"] == [None, "turning"]
    assert auto_start["actor_id"] == str(floor.operator.id)
    assert auto_start["changes"]["dispatch_id"] == dispatch_ref
    assert auto_start["changes"]["status"] == ["pending", "in_progress"]
    assert auto_start["changes"]["started_at"][0] is None
    assert step["changes"] == {"dispatch_id": dispatch_ref, "status": ["queued", "in_progress"]}
    assert report["changes"]["report_good_qty"] == [None, 4]
    assert report["changes"]["report_scrap_qty"] == [None, 1]
    assert report["changes"]["scrap_qty"] == [0, 1]
    assert report["changes"]["scrap_reason"] == [None, "Chip"]
    assert report["changes"]["produced_qty"] == [0, 4]
    assert report["changes"]["dispatch_scrap_qty"] == [0, 1]
    assert hold["reason"] == "Tool change"
    assert hold["actor_role"] == "supervisor"
    assert hold["changes"]["status"] == ["in_progress", "on_hold"]
    assert hold["changes"]["hold_reason"] == [None, "Tool change"]
    assert hold["changes"]["dispatch_statuses"] == [
        {dispatch["id"]: "in_progress"},
        {dispatch["id"]: "paused"},
    ]


async def test_deleting_is_recorded_and_the_history_then_belongs_to_no_visible_order(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    await client.delete(
        f"{api.ORDERS}/{order['id']}",
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )

    response = await client.get(f"{api.ORDERS}/{order['id']}/history", headers=floor.admin.headers)
    audit = await client.get(
        f"{api.API}/audit-logs",
        params={"resource_id": order["id"]},
        headers=floor.admin.headers,
    )

    assert response.status_code == 404
    # The audit module's own view (newest first) keeps the whole record.
    assert audit.status_code == 200, audit.text
    assert [e["action"] for e in audit.json()["data"]] == ["deleted", "created"]
    assert audit.json()["data"][0]["changes"]["deleted_at"][0] is None


async def test_the_history_leaves_out_where_requests_came_from(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    # Viewers and operators read the history; the client address and user agent of other
    # people's requests stay in the audit log, for the roles with audit:read.
    order = await api.create_order(
        client, {**floor.planner.headers, "User-Agent": "line-7-tablet/2.1"}
    )

    (created,) = await history(client, floor, order["id"])
    audit = await client.get(
        f"{api.API}/audit-logs", params={"resource_id": order["id"]}, headers=floor.admin.headers
    )

    assert "client_address" not in created
    assert "user_agent" not in created
    assert created["actor_id"] == str(floor.planner.id)
    assert created["request_id"]
    (full,) = api.data_of(audit)
    assert full["id"] == created["id"]
    assert full["user_agent"] == "line-7-tablet/2.1"
    assert full["client_address"]
    # The audit log itself shows ids only; the history adds the actor's name.
    assert created["actor_name"] == "Test Planner"
    assert "actor_name" not in full
    assert {key: full[key] for key in created if key != "actor_name"} == {
        key: value for key, value in created.items() if key != "actor_name"
    }
