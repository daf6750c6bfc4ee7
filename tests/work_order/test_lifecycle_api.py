"""The work-order lifecycle through the API: every action from every status.

The expected outcomes are written out here from the specification, independently of the
module's transition table, so the test would catch a wrong row in that table.
"""

from __future__ import annotations

import itertools

import httpx
import pytest

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.states import ACTIONS, STATUSES, order_in

# (status, action) -> resulting status. Every pair not listed must be refused with 409.
LEGAL = {
    ("pending", "start"): "in_progress",
    ("pending", "cancel"): "cancelled",
    ("in_progress", "hold"): "on_hold",
    ("in_progress", "complete"): "completed",
    ("in_progress", "cancel"): "cancelled",
    ("on_hold", "resume"): "in_progress",
    ("on_hold", "cancel"): "cancelled",
    ("completed", "reopen"): "in_progress",
}


def allowed_from(status: str) -> list[str]:
    return [action for action in ACTIONS if (status, action) in LEGAL]


@pytest.mark.parametrize(("status", "action"), list(itertools.product(STATUSES, ACTIONS)))
async def test_every_action_from_every_status(
    client: httpx.AsyncClient, floor: Floor, status: str, action: str
) -> None:
    headers = floor.admin.headers
    order = await order_in(client, headers, status)

    response = await api.act(client, headers, order, action, reason="Checked by the test")
    after = await api.read_order(client, headers, order["id"])

    if (status, action) in LEGAL:
        assert response.status_code == 200, response.text
        body = response.json()["data"]
        assert body["status"] == LEGAL[(status, action)]
        assert after["status"] == LEGAL[(status, action)]
        assert body["version"] == order["version"] + 1
        assert response.headers["ETag"] == f'"{body["version"]}"'
        assert body["allowed_actions"] == allowed_from(body["status"])
    else:
        assert response.status_code == 409, response.text
        error = response.json()["error"]
        assert error["code"] == "WORK_ORDER_INVALID_TRANSITION"
        detail = error["details"][0]
        assert detail["current_status"] == status
        assert detail["action"] == action
        assert detail["allowed_actions"] == allowed_from(status)
        assert after["status"] == status
        assert after["version"] == order["version"]


def test_the_legal_table_covers_each_status() -> None:
    # Cancelled is terminal; every other status has a way forward.
    assert allowed_from("cancelled") == []
    assert all(allowed_from(status) for status in STATUSES if status != "cancelled")


async def test_timestamps_follow_the_lifecycle(client: httpx.AsyncClient, floor: Floor) -> None:
    headers = floor.admin.headers
    order = await api.create_order(client, headers)
    assert order["started_at"] is None

    started = api.data_of(await api.act(client, headers, order, "start"))
    assert started["started_at"] is not None
    completed = api.data_of(await api.act(client, headers, started, "complete", "Short lot"))
    assert completed["completed_at"] is not None
    assert completed["close_reason"] == "Short lot"
    reopened = api.data_of(await api.act(client, headers, completed, "reopen", "Rework found"))
    assert reopened["completed_at"] is None
    assert reopened["close_reason"] is None
    assert reopened["started_at"] == started["started_at"]
    held = api.data_of(await api.act(client, headers, reopened, "hold", "Machine down"))
    assert held["hold_reason"] == "Machine down"
    resumed = api.data_of(await api.act(client, headers, held, "resume"))
    assert resumed["hold_reason"] is None
    cancelled = api.data_of(await api.act(client, headers, resumed, "cancel", "Withdrawn"))
    assert cancelled["cancelled_at"] is not None
    assert cancelled["cancel_reason"] == "Withdrawn"
    assert cancelled["allowed_actions"] == []


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("in_progress", "hold"),
        ("pending", "cancel"),
        ("on_hold", "cancel"),
        ("completed", "reopen"),
    ],
)
@pytest.mark.parametrize("reason", [None, "", "   "])
async def test_actions_that_need_a_reason_refuse_to_go_without(
    client: httpx.AsyncClient, floor: Floor, status: str, action: str, reason: str | None
) -> None:
    order = await order_in(client, floor.admin.headers, status)

    response = await api.act(client, floor.admin.headers, order, action, reason)

    assert response.status_code == 422, response.text
    error = response.json()["error"]
    if reason is None:
        assert error["code"] == "WORK_ORDER_REASON_REQUIRED"
        assert error["details"][0]["loc"] == ["body", "reason"]
    else:
        assert error["code"] == "VALIDATION_ERROR"
        assert error["details"][0]["loc"] == ["body", "reason"]
    after = await api.read_order(client, floor.admin.headers, order["id"])
    assert after["status"] == status


async def test_completing_short_needs_a_reason_and_a_full_order_does_not(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    headers = floor.supervisor.headers
    short = await order_in(client, headers, "in_progress", quantity=5)

    refused = await api.act(client, headers, short, "complete")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "WORK_ORDER_SHORT_CLOSE_REASON_REQUIRED"

    full = await order_in(client, headers, "pending", quantity=3)
    dispatch = await api.create_dispatch(client, headers, full["id"], floor.station["id"], 3)
    started = api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))
    outcome = api.data_of(
        await api.report(
            client,
            floor.operator.headers,
            dispatch["id"],
            good_qty=2,
            scrap_qty=1,
            scrap_reason="Burr",
        ),
        201,
    )
    assert outcome["work_order"]["ready_to_close"] is True
    started["version"] = outcome["dispatch"]["version"]
    api.data_of(await api.dispatch_act(client, floor.operator.headers, started, "finish"))
    current = await api.read_order(client, headers, full["id"])
    assert current["ready_to_close"] is True
    assert current["remaining_qty"] == 0

    completed = await api.act(client, headers, current, "complete")
    assert completed.status_code == 200, completed.text
    assert completed.json()["data"]["close_reason"] is None


async def test_a_planner_cancels_pending_orders_only(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    headers = floor.planner.headers
    pending = await order_in(client, headers, "pending")
    running = await order_in(client, headers, "in_progress")
    assert running["allowed_actions"] == []
    assert pending["allowed_actions"] == ["start", "cancel"]

    refused = await api.act(client, headers, running, "cancel", "Not needed")
    assert refused.status_code == 409
    assert refused.json()["error"]["details"][0]["allowed_actions"] == []
    done = await api.act(client, headers, pending, "cancel", "Not needed")
    assert done.status_code == 200


async def test_an_unknown_action_is_refused(client: httpx.AsyncClient, floor: Floor) -> None:
    order = await api.create_order(client, floor.admin.headers)

    response = await api.act(client, floor.admin.headers, order, "explode")
    english = await api.act(
        client, {**floor.admin.headers, "Accept-Language": "en"}, order, "explode"
    )

    assert response.status_code == 422
    # The route and its permission check both read the action; the client hears it once.
    assert response.json()["error"]["details"] == [
        {
            "loc": ["path", "action"],
            "code": "ENUM",
            "message": "必須是下列其中之一：start、hold、resume、complete、cancel、reopen。",
        }
    ]
    assert english.json()["error"]["details"][0]["message"] == (
        "Must be one of: start, hold, resume, complete, cancel, reopen."
    )


async def test_a_sibling_path_is_not_an_action(client: httpx.AsyncClient, floor: Floor) -> None:
    order = await api.create_order(client, floor.admin.headers)

    response = await api.act(client, floor.admin.headers, order, "history")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


async def test_an_action_needs_if_match_and_a_current_version(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await api.create_order(client, floor.admin.headers)
    url = f"{api.ORDERS}/{order['id']}/start"

    missing = await client.post(url, headers=floor.admin.headers)
    stale = await client.post(url, headers={**floor.admin.headers, **api.if_match(7)})

    assert missing.status_code == 428
    assert missing.json()["error"]["code"] == "PRECONDITION_REQUIRED"
    assert stale.status_code == 412
    assert stale.json()["error"]["details"][0]["current_version"] == order["version"]
    assert stale.headers["ETag"] == f'"{order["version"]}"'


async def test_an_action_body_refuses_unknown_fields(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await order_in(client, floor.admin.headers, "in_progress")

    response = await client.post(
        f"{api.ORDERS}/{order['id']}/hold",
        json={"reason": "x", "status": "completed"},
        headers={**floor.admin.headers, **api.if_match(order["version"])},
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["body", "status"]
