"""The walkthrough of docs/work-orders.md, step by step through the API.

A planner creates an order and dispatches it to two work centers, two operators report good
and scrapped pieces, the supervisor completes the order, and the history shows every step
with the user who took it.
"""

from __future__ import annotations

import httpx

from tests.support.identity import MakeUser
from tests.work_order import api
from tests.work_order.conftest import Floor


async def test_from_plan_to_completed_order(
    client: httpx.AsyncClient, floor: Floor, make_user: MakeUser
) -> None:
    planner, supervisor = floor.planner, floor.supervisor
    anna, ben = floor.operator, await make_user(role="operator")
    lathe = await api.create_work_center(client, floor.admin.headers, code="CNC-01", name="Lathe")
    mill = await api.create_work_center(client, floor.admin.headers, code="MILL-02", name="Mill")
    customer = await api.create_customer(client, planner.headers, code="ACME", name="Acme")

    # 1. The planner creates the order.
    response = await client.post(
        api.ORDERS,
        json={
            "order_number": "WO-2026-0001",
            "customer_id": customer["id"],
            "product_model": "GB-200 gearbox",
            "quantity": 100,
            "priority": 7,
            "due_date": "2026-12-15",
        },
        headers=planner.headers,
    )
    assert response.status_code == 201, response.text
    order = response.json()["data"]

    # 2. ... and dispatches 60 to the lathe (Anna) and 40 to the mill (Ben).
    to_lathe = await api.create_dispatch(
        client,
        planner.headers,
        order["id"],
        lathe["id"],
        60,
        operator_id=str(anna.id),
        operation="turning",
    )
    to_mill = await api.create_dispatch(
        client,
        planner.headers,
        order["id"],
        mill["id"],
        40,
        operator_id=str(ben.id),
        operation="milling",
    )
    over = await client.post(
        f"{api.ORDERS}/{order['id']}/dispatches",
        json={"work_center_id": mill["id"], "planned_qty": 1},
        headers=planner.headers,
    )
    assert over.status_code == 422  # all 100 are planned

    # 3. Each operator finds the work on the station's screen and starts it.
    queue = await client.get(
        f"{api.API}/work-centers/{lathe['id']}/dispatches", headers=anna.headers
    )
    assert [row["order_number"] for row in queue.json()["data"]] == ["WO-2026-0001"]
    at_lathe = api.data_of(await api.dispatch_act(client, anna.headers, to_lathe, "start"))
    at_mill = api.data_of(await api.dispatch_act(client, ben.headers, to_mill, "start"))

    # 4. They report good and scrapped pieces; a tablet retry does not count twice.
    first = await api.report(
        client,
        anna.headers,
        at_lathe["id"],
        key="lathe-0001",
        good_qty=58,
        scrap_qty=2,
        scrap_reason="Chatter marks",
    )
    retry = await api.report(
        client,
        anna.headers,
        at_lathe["id"],
        key="lathe-0001",
        good_qty=58,
        scrap_qty=2,
        scrap_reason="Chatter marks",
    )
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    mill_report = await api.report(client, ben.headers, at_mill["id"], key="mill-0001", good_qty=40)
    assert mill_report.status_code == 201
    progress = mill_report.json()["data"]["work_order"]
    assert (progress["produced_qty"], progress["scrap_qty"]) == (98, 2)
    assert progress["ready_to_close"] is True

    # 5. They finish their dispatches (with the versions the reports answered).
    at_lathe["version"] = first.json()["data"]["dispatch"]["version"]
    at_mill["version"] = mill_report.json()["data"]["dispatch"]["version"]
    assert at_lathe["version"] == at_mill["version"] == 3  # as in the docs' curl lines
    api.data_of(await api.dispatch_act(client, anna.headers, at_lathe, "finish"))
    api.data_of(await api.dispatch_act(client, ben.headers, at_mill, "finish"))

    # 6. The supervisor completes the order: all 100 pieces are accounted for.
    current = await client.get(f"{api.ORDERS}/{order['id']}", headers=supervisor.headers)
    assert current.headers["ETag"] == '"4"'  # created, started, two reports
    assert current.json()["data"]["allowed_actions"] == ["hold", "complete", "cancel"]
    completed = await client.post(
        f"{api.ORDERS}/{order['id']}/complete",
        headers={**supervisor.headers, "If-Match": current.headers["ETag"]},
    )
    assert completed.status_code == 200, completed.text
    assert completed.json()["data"]["status"] == "completed"

    # 7. The history shows every step, in order, with who took it.
    history = await client.get(f"{api.ORDERS}/{order['id']}/history", headers=planner.headers)
    steps = [(entry["action"], entry["actor_id"]) for entry in history.json()["data"]]
    assert steps == [
        ("created", str(planner.id)),
        ("dispatch_created", str(planner.id)),
        ("dispatch_created", str(planner.id)),
        ("status_changed:start", str(anna.id)),
        ("dispatch_status_changed:start", str(anna.id)),
        ("dispatch_status_changed:start", str(ben.id)),
        ("quantity_reported", str(anna.id)),
        ("quantity_reported", str(ben.id)),
        ("dispatch_status_changed:finish", str(anna.id)),
        ("dispatch_status_changed:finish", str(ben.id)),
        ("status_changed:complete", str(supervisor.id)),
    ]
    assert history.json()["pagination"]["total"] == 11
