"""Report reversal: a compensating report takes a report's pieces off the dispatch's and the
order's sums, once, with a reason, recorded in the order's history and the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from shopfloor.work_order.config import WorkOrderSettings
from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.flows import running


async def reported(
    client: httpx.AsyncClient, floor: Floor, dispatch_id: str, **fields: Any
) -> dict[str, Any]:
    """Report as the operator; the outcome (report and totals)."""
    return api.data_of(  # type: ignore[no-any-return]
        await api.report(client, floor.operator.headers, dispatch_id, **fields), 201
    )


async def history(client: httpx.AsyncClient, floor: Floor, order_id: str) -> list[dict[str, Any]]:
    response = await client.get(
        f"{api.ORDERS}/{order_id}/history", params={"page_size": 100}, headers=floor.viewer.headers
    )
    return api.data_of(response)  # type: ignore[no-any-return]


async def reports_of(
    client: httpx.AsyncClient, floor: Floor, dispatch_id: str
) -> list[dict[str, Any]]:
    response = await client.get(
        f"{api.DISPATCHES}/{dispatch_id}/reports", headers=floor.viewer.headers
    )
    return api.data_of(response)  # type: ignore[no-any-return]


async def finish(
    client: httpx.AsyncClient, floor: Floor, dispatch: dict[str, Any]
) -> dict[str, Any]:
    """Finish the dispatch (as it stands after its last report); its order as it is then."""
    api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "finish"))
    return await api.read_order(client, floor.viewer.headers, dispatch["work_order_id"])


def assert_refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code


# -- what a reversal does ----------------------------------------------------------------------


async def test_a_reversal_takes_the_pieces_off_both_sums(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, quantity=100, planned=60)
    first = await reported(client, floor, dispatch["id"], good_qty=30)
    wrong = await reported(
        client, floor, dispatch["id"], good_qty=12, scrap_qty=3, scrap_reason="Chatter marks"
    )

    response = await api.reverse(
        client, floor.supervisor.headers, wrong["report"]["id"], reason="Counted twice"
    )

    outcome = api.data_of(response, 201)
    reversal = outcome["report"]
    assert reversal["reverses_id"] == wrong["report"]["id"]
    assert reversal["reversed_by_id"] is None
    assert (reversal["good_qty"], reversal["scrap_qty"]) == (-12, -3)
    assert reversal["scrap_reason"] == "Chatter marks"
    assert reversal["note"] == "Counted twice"
    assert reversal["operator_id"] == str(floor.operator.id)
    assert reversal["reported_by"] == str(floor.supervisor.id)
    assert reversal["to_time"] == wrong["report"]["to_time"]
    assert reversal["dispatch_id"] == dispatch["id"]
    assert reversal["work_order_id"] == order["id"]
    assert outcome["dispatch"]["good_qty"] == 30
    assert outcome["dispatch"]["scrap_qty"] == 0
    assert outcome["dispatch"]["version"] == wrong["dispatch"]["version"] + 1
    assert outcome["work_order"]["produced_qty"] == 30
    assert outcome["work_order"]["scrap_qty"] == 0
    assert outcome["work_order"]["ready_to_close"] is False
    assert response.headers["ETag"] == f'"{outcome["dispatch"]["version"]}"'
    assert "Idempotent-Replayed" not in response.headers
    stored = await api.read_order(client, floor.viewer.headers, order["id"])
    assert (stored["produced_qty"], stored["scrap_qty"]) == (30, 0)
    assert stored["dispatches"][0]["good_qty"] == 30
    assert stored["dispatches"][0]["scrap_qty"] == 0
    listed = await reports_of(client, floor, dispatch["id"])
    assert [(r["id"], r["reverses_id"], r["reversed_by_id"]) for r in listed] == [
        (first["report"]["id"], None, None),
        (wrong["report"]["id"], None, reversal["id"]),
        (reversal["id"], wrong["report"]["id"], None),
    ]


async def test_the_freed_pieces_can_be_reported_again(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    _, dispatch = await running(client, floor, quantity=10, planned=10)
    wrong = await reported(client, floor, dispatch["id"], good_qty=10)
    full = await api.report(client, floor.operator.headers, dispatch["id"], good_qty=1)
    assert_refused(full, 409, "DISPATCH_OVERPRODUCTION")

    api.data_of(await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"]), 201)
    again = await reported(client, floor, dispatch["id"], good_qty=8)

    assert again["dispatch"]["good_qty"] == 8
    assert again["work_order"]["produced_qty"] == 8


async def test_a_finished_dispatch_of_a_running_order_can_be_corrected(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, quantity=20, planned=10)
    wrong = await reported(client, floor, dispatch["id"], good_qty=10)
    order = await finish(client, floor, {**dispatch, **wrong["dispatch"]})
    api.data_of(await api.act(client, floor.supervisor.headers, order, "hold", "Recount"))

    outcome = api.data_of(
        await api.reverse(client, floor.admin.headers, wrong["report"]["id"]), 201
    )

    assert outcome["dispatch"]["status"] == "done"
    assert outcome["dispatch"]["good_qty"] == 0
    assert outcome["work_order"]["status"] == "on_hold"
    assert outcome["work_order"]["produced_qty"] == 0


async def test_the_period_figures_lose_the_reversed_pieces(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    _, dispatch = await running(client, floor, quantity=50, planned=50)
    await reported(client, floor, dispatch["id"], good_qty=7)
    wrong = await reported(
        client, floor, dispatch["id"], good_qty=5, scrap_qty=2, scrap_reason="Dent"
    )

    api.data_of(await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"]), 201)
    summary = api.data_of(await client.get(f"{api.ORDERS}/summary", headers=floor.viewer.headers))

    assert summary["period"]["produced_qty"] == 7
    assert summary["period"]["scrap_qty"] == 0


async def test_the_reversal_shows_in_the_history_with_its_reason(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, quantity=40, planned=40)
    wrong = await reported(
        client, floor, dispatch["id"], good_qty=6, scrap_qty=1, scrap_reason="Chip"
    )

    reversal = api.data_of(
        await api.reverse(
            client, floor.supervisor.headers, wrong["report"]["id"], reason="Wrong order"
        ),
        201,
    )["report"]
    entries = await history(client, floor, order["id"])

    assert [entry["action"] for entry in entries][-2:] == ["quantity_reported", "report_reversed"]
    entry = entries[-1]
    assert entry["reason"] == "Wrong order"
    assert entry["actor_id"] == str(floor.supervisor.id)
    assert entry["actor_role"] == "supervisor"
    assert entry["actor_name"] == "Test Supervisor"
    assert entry["changes"] == {
        "dispatch_id": [dispatch["id"], dispatch["id"]],
        "report_id": [None, reversal["id"]],
        "reverses_id": [None, wrong["report"]["id"]],
        "report_good_qty": [None, -6],
        "report_scrap_qty": [None, -1],
        "produced_qty": [6, 0],
        "scrap_qty": [1, 0],
        "dispatch_good_qty": [6, 0],
        "dispatch_scrap_qty": [1, 0],
    }


async def test_the_reversal_is_in_the_audit_log(client: httpx.AsyncClient, floor: Floor) -> None:
    order, dispatch = await running(client, floor, quantity=10, planned=10)
    wrong = await reported(client, floor, dispatch["id"], good_qty=3)

    api.data_of(
        await api.reverse(client, floor.admin.headers, wrong["report"]["id"], reason="Typo"), 201
    )
    audit = await client.get(
        f"{api.API}/audit-logs",
        params={"resource_id": order["id"], "action": "report_reversed"},
        headers=floor.admin.headers,
    )

    entries = api.data_of(audit)
    assert len(entries) == 1
    assert entries[0]["resource_type"] == "work_order"
    assert entries[0]["resource_key"] == order["order_number"]
    assert entries[0]["reason"] == "Typo"
    assert entries[0]["actor_role"] == "admin"
    assert entries[0]["changes"]["produced_qty"] == [3, 0]


# -- refusals ------------------------------------------------------------------------------------


async def test_a_report_is_reversed_once(client: httpx.AsyncClient, floor: Floor) -> None:
    order, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    reversal = api.data_of(
        await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"]), 201
    )["report"]

    again = await api.reverse(client, floor.admin.headers, wrong["report"]["id"])

    assert_refused(again, 409, "REPORT_ALREADY_REVERSED")
    assert again.json()["error"]["details"][0]["reversal_id"] == reversal["id"]
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 0
    actions = [entry["action"] for entry in await history(client, floor, order["id"])]
    assert actions.count("report_reversed") == 1


async def test_a_reversal_cannot_be_reversed(client: httpx.AsyncClient, floor: Floor) -> None:
    order, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    reversal = api.data_of(
        await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"]), 201
    )["report"]

    response = await api.reverse(client, floor.supervisor.headers, reversal["id"])

    assert_refused(response, 409, "REPORT_IS_REVERSAL")
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 0


@pytest.mark.parametrize(
    ("action", "reason"), [("complete", "Customer took a partial lot"), ("cancel", "Withdrawn")]
)
async def test_nothing_is_reversed_on_a_closed_order(
    client: httpx.AsyncClient, floor: Floor, action: str, reason: str
) -> None:
    order, dispatch = await running(client, floor, quantity=10, planned=10)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    order = await finish(client, floor, {**dispatch, **wrong["dispatch"]})
    api.data_of(await api.act(client, floor.supervisor.headers, order, action, reason))

    response = await api.reverse(client, floor.admin.headers, wrong["report"]["id"])

    assert_refused(response, 409, "WORK_ORDER_READ_ONLY")
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 4
    assert (await reports_of(client, floor, dispatch["id"]))[0]["reversed_by_id"] is None


async def test_a_reopened_order_can_be_corrected(client: httpx.AsyncClient, floor: Floor) -> None:
    order, dispatch = await running(client, floor, quantity=4, planned=4)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    order = await finish(client, floor, {**dispatch, **wrong["dispatch"]})
    order = api.data_of(await api.act(client, floor.supervisor.headers, order, "complete"))
    api.data_of(await api.act(client, floor.admin.headers, order, "reopen", "Miscounted"))

    outcome = api.data_of(
        await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"]), 201
    )

    assert outcome["work_order"]["status"] == "in_progress"
    assert outcome["work_order"]["produced_qty"] == 0


async def test_unknown_and_malformed_report_ids(client: httpx.AsyncClient, floor: Floor) -> None:
    unknown = await api.reverse(client, floor.admin.headers, "0193a5c4-5b7d-7e9f-a1c3-4e6a8c0e2a81")
    malformed = await api.reverse(client, floor.admin.headers, "not-a-uuid")

    assert_refused(unknown, 404, "PRODUCTION_REPORT_NOT_FOUND")
    assert_refused(malformed, 422, "VALIDATION_ERROR")
    assert malformed.json()["error"]["details"][0]["loc"] == ["path", "report_id"]
    assert malformed.json()["error"]["details"][0]["code"] == "UUID_PARSING"


async def test_a_deleted_orders_reports_are_not_found(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor, quantity=10, planned=10)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    order = await api.read_order(client, floor.viewer.headers, order["id"])
    order = api.data_of(await api.act(client, floor.supervisor.headers, order, "cancel", "Gone"))
    deleted = await client.delete(
        f"{api.ORDERS}/{order['id']}",
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )
    assert deleted.status_code == 200, deleted.text

    response = await api.reverse(client, floor.admin.headers, wrong["report"]["id"])

    assert_refused(response, 404, "PRODUCTION_REPORT_NOT_FOUND")


@pytest.mark.parametrize("role", ["operator", "planner", "viewer"])
async def test_only_supervisors_and_admins_reverse(
    client: httpx.AsyncClient, floor: Floor, role: str
) -> None:
    order, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)

    response = await api.reverse(client, floor.user(role).headers, wrong["report"]["id"])

    assert_refused(response, 403, "PERMISSION_DENIED")
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 4


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "loc", "code"),
    [
        ({}, ["body", "reason"], "MISSING"),
        ({"reason": ""}, ["body", "reason"], "STRING_TOO_SHORT"),
        ({"reason": "   \n\t "}, ["body", "reason"], "STRING_TOO_SHORT"),
        ({"reason": None}, ["body", "reason"], "STRING_TYPE"),
        ({"reason": 42}, ["body", "reason"], "STRING_TYPE"),
        ({"reason": ["Counted twice"]}, ["body", "reason"], "STRING_TYPE"),
        ({"reason": "x" * 501}, ["body", "reason"], "STRING_TOO_LONG"),
        ({"reason": "Counted\u0000twice"}, ["body", "reason"], "INVALID_CHARACTER"),
        ({"reason": "Counted\u0007"}, ["body", "reason"], "INVALID_CHARACTER"),
        ({"reason": "Typo", "good_qty": -4}, ["body", "good_qty"], "EXTRA_FORBIDDEN"),
        ({"reason": "Typo", "reverses_id": None}, ["body", "reverses_id"], "EXTRA_FORBIDDEN"),
        ([], ["body"], "MODEL_ATTRIBUTES_TYPE"),
        ("Counted twice", ["body"], "MODEL_ATTRIBUTES_TYPE"),
    ],
)
async def test_the_body_is_checked(
    client: httpx.AsyncClient, floor: Floor, body: Any, loc: list[str], code: str
) -> None:
    order, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)

    response = await client.post(
        f"{api.REPORTS}/{wrong['report']['id']}/reverse",
        json=body,
        headers=floor.supervisor.headers,
    )

    assert_refused(response, 422, "VALIDATION_ERROR")
    details = response.json()["error"]["details"]
    assert [(d["loc"], d["code"]) for d in details] == [(loc, code)]
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 4


async def test_a_missing_or_broken_body_is_refused(client: httpx.AsyncClient, floor: Floor) -> None:
    _, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    url = f"{api.REPORTS}/{wrong['report']['id']}/reverse"

    missing = await client.post(url, headers=floor.supervisor.headers)
    broken = await client.post(
        url,
        content=b'{"reason": "Typo"',
        headers={**floor.supervisor.headers, "Content-Type": "application/json"},
    )

    assert_refused(missing, 422, "VALIDATION_ERROR")
    assert missing.json()["error"]["details"][0]["loc"] == ["body"]
    assert_refused(broken, 400, "MALFORMED_JSON")


async def test_a_reason_keeps_its_line_breaks_and_is_trimmed(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    _, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)

    response = await api.reverse(
        client, floor.supervisor.headers, wrong["report"]["id"], reason="  Shift B\r\n\trecount "
    )

    assert api.data_of(response, 201)["report"]["note"] == "Shift B\r\n\trecount"


async def test_messages_follow_accept_language(client: httpx.AsyncClient, floor: Floor) -> None:
    _, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    reversal = api.data_of(
        await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"]), 201
    )["report"]

    chinese = await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"])
    english = await api.reverse(
        client, {**floor.supervisor.headers, "Accept-Language": "en"}, reversal["id"]
    )

    assert chinese.json()["error"]["message"] == "此產量回報已經沖銷過，不能再沖銷。"
    assert english.json()["error"]["message"].startswith("This report is itself a reversal")


# -- Idempotency-Key ----------------------------------------------------------------------------


async def test_a_retry_with_the_key_replays_the_first_answer(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    headers = floor.supervisor.headers

    first = await api.reverse(client, headers, wrong["report"]["id"], key="rev-1", reason="Typo")
    later = await reported(client, floor, dispatch["id"], good_qty=2)
    retry = await api.reverse(client, headers, wrong["report"]["id"], key="rev-1", reason="Typo")

    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.headers["ETag"] == first.headers["ETag"]
    assert retry.json() == first.json()
    assert first.json()["data"]["report"]["idempotency_key"] == "rev-1"
    assert later["work_order"]["produced_qty"] == 2
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 2
    actions = [entry["action"] for entry in await history(client, floor, order["id"])]
    assert actions.count("report_reversed") == 1


async def test_the_key_with_another_request_is_refused(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    _, dispatch = await running(client, floor)
    one = await reported(client, floor, dispatch["id"], good_qty=4)
    two = await reported(client, floor, dispatch["id"], good_qty=3)
    headers = floor.supervisor.headers
    api.data_of(await api.reverse(client, headers, one["report"]["id"], key="rev-1"), 201)

    other_reason = await api.reverse(
        client, headers, one["report"]["id"], key="rev-1", reason="Something else"
    )
    other_report = await api.reverse(client, headers, two["report"]["id"], key="rev-1")
    report_key = await api.report(
        client, floor.operator.headers, dispatch["id"], key="rev-1", good_qty=1
    )

    for response in (other_reason, other_report, report_key):
        assert_refused(response, 409, "IDEMPOTENCY_KEY_REUSED")
        assert response.json()["error"]["details"][0]["loc"] == ["header", "Idempotency-Key"]


async def test_a_reports_key_cannot_reverse(client: httpx.AsyncClient, floor: Floor) -> None:
    _, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], key="tablet-7:1", good_qty=4)

    response = await api.reverse(
        client, floor.supervisor.headers, wrong["report"]["id"], key="tablet-7:1"
    )

    assert_refused(response, 409, "IDEMPOTENCY_KEY_REUSED")


async def test_a_refused_reversal_keeps_no_key(client: httpx.AsyncClient, floor: Floor) -> None:
    _, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)
    first = api.data_of(
        await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"]), 201
    )
    headers = floor.supervisor.headers

    refused = await api.reverse(client, headers, first["report"]["id"], key="rev-9")
    other = await reported(client, floor, dispatch["id"], good_qty=1)
    accepted = await api.reverse(client, headers, other["report"]["id"], key="rev-9")

    assert_refused(refused, 409, "REPORT_IS_REVERSAL")
    assert api.data_of(accepted, 201)["report"]["reverses_id"] == other["report"]["id"]


@pytest.mark.parametrize(
    "key",
    ["", "with space", "x" * 256, "caf\u00e9"],
    ids=["empty", "space", "too-long", "non-ascii"],
)
async def test_malformed_keys_are_refused(
    client: httpx.AsyncClient, floor: Floor, key: str
) -> None:
    _, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], good_qty=4)

    response = await client.post(
        f"{api.REPORTS}/{wrong['report']['id']}/reverse",
        json={"reason": "Typo"},
        headers={**floor.supervisor.headers, "Idempotency-Key": key.encode()},
    )

    assert_refused(response, 422, "VALIDATION_ERROR")
    assert response.json()["error"]["details"][0]["loc"] == ["header", "Idempotency-Key"]


async def test_a_deployment_may_require_the_key(
    client: httpx.AsyncClient,
    floor: Floor,
    configure: Callable[..., WorkOrderSettings],
) -> None:
    _, dispatch = await running(client, floor)
    wrong = await reported(client, floor, dispatch["id"], key="tablet-1", good_qty=4)
    configure(require_idempotency_key=True)

    without = await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"])
    keyed = await api.reverse(client, floor.supervisor.headers, wrong["report"]["id"], key="r-1")

    assert_refused(without, 428, "IDEMPOTENCY_KEY_REQUIRED")
    assert api.data_of(keyed, 201)["report"]["good_qty"] == -4
