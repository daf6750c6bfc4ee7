"""Idempotency-Key on production reports: a retry replays the first answer and counts once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order.config import WorkOrderSettings
from tests.support.identity import MakeUser, create_organization
from tests.work_order import api
from tests.work_order.conftest import Floor, build_floor


async def running_dispatch(
    client: httpx.AsyncClient, floor: Floor, quantity: int = 50
) -> dict[str, Any]:
    order = await api.create_order(client, floor.planner.headers, quantity=quantity)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], quantity
    )
    return api.data_of(await api.dispatch_act(client, floor.operator.headers, dispatch, "start"))  # type: ignore[no-any-return]


async def produced(client: httpx.AsyncClient, floor: Floor, order_id: str) -> int:
    return int((await api.read_order(client, floor.viewer.headers, order_id))["produced_qty"])


async def test_a_retry_replays_the_first_answer_and_counts_once(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    dispatch = await running_dispatch(client, floor)
    headers = floor.operator.headers

    first = await api.report(client, headers, dispatch["id"], key="k-1", good_qty=5)
    other = await api.report(client, headers, dispatch["id"], key="k-2", good_qty=2)
    retry = await api.report(client, headers, dispatch["id"], key="k-1", good_qty=5)

    assert first.status_code == retry.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    # The replay shows the totals of the first answer, not today's.
    assert retry.json()["data"]["dispatch"]["good_qty"] == 5
    assert other.json()["data"]["dispatch"]["good_qty"] == 7
    assert first.json()["data"]["report"]["idempotency_key"] == "k-1"
    assert await produced(client, floor, dispatch["work_order_id"]) == 7


async def test_the_report_answer_carries_the_dispatch_etag_for_its_next_step(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    dispatch = await running_dispatch(client, floor)
    headers = floor.operator.headers

    answer = await api.report(client, headers, dispatch["id"], key="k-1", good_qty=5)
    retry = await api.report(client, headers, dispatch["id"], key="k-1", good_qty=5)
    paused = await client.post(
        f"{api.DISPATCHES}/{dispatch['id']}/pause",
        headers={**headers, "If-Match": answer.headers["ETag"]},
    )

    version = api.data_of(answer, 201)["dispatch"]["version"]
    assert version == dispatch["version"] + 1
    assert answer.headers["ETag"] == f'"{version}"'
    assert retry.headers["ETag"] == answer.headers["ETag"]
    assert api.data_of(paused)["status"] == "paused"


async def test_a_retry_after_the_dispatch_moved_on_answers_as_the_first_time(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    dispatch = await running_dispatch(client, floor, quantity=5)
    headers = floor.operator.headers
    first = await api.report(client, headers, dispatch["id"], key="k-1", good_qty=5)
    moved = api.data_of(first, 201)["dispatch"]
    api.data_of(await api.dispatch_act(client, headers, moved, "finish"))

    retry = await api.report(client, headers, dispatch["id"], key="k-1", good_qty=5)

    assert retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.content == first.content
    assert retry.json()["data"]["dispatch"]["status"] == "in_progress"


async def test_the_same_key_with_another_body_is_refused(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    dispatch = await running_dispatch(client, floor)
    another = await running_dispatch(client, floor)
    headers = floor.operator.headers
    api.data_of(await api.report(client, headers, dispatch["id"], key="k-1", good_qty=5), 201)

    changed_body = await api.report(client, headers, dispatch["id"], key="k-1", good_qty=6)
    other_dispatch = await api.report(client, headers, another["id"], key="k-1", good_qty=5)

    for response in (changed_body, other_dispatch):
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "IDEMPOTENCY_KEY_REUSED"
        assert error["details"][0]["loc"] == ["header", "Idempotency-Key"]
    assert await produced(client, floor, dispatch["work_order_id"]) == 5
    assert await produced(client, floor, another["work_order_id"]) == 0


async def test_a_refused_report_keeps_no_key_so_a_corrected_retry_counts(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    dispatch = await running_dispatch(client, floor, quantity=10)
    headers = floor.operator.headers

    too_many = await api.report(client, headers, dispatch["id"], key="k-9", good_qty=11)
    corrected = await api.report(client, headers, dispatch["id"], key="k-9", good_qty=10)

    assert too_many.status_code == 409
    assert corrected.status_code == 201, corrected.text
    assert "Idempotent-Replayed" not in corrected.headers
    assert await produced(client, floor, dispatch["work_order_id"]) == 10


async def test_keys_belong_to_one_organisation(
    client: httpx.AsyncClient, floor: Floor, db_session: AsyncSession, make_user: MakeUser
) -> None:
    other = await build_floor(client, make_user, await create_organization(db_session))
    mine = await running_dispatch(client, floor)
    theirs = await running_dispatch(client, other)

    here = await api.report(client, floor.operator.headers, mine["id"], key="shared", good_qty=1)
    there = await api.report(client, other.operator.headers, theirs["id"], key="shared", good_qty=1)

    assert here.status_code == there.status_code == 201
    assert "Idempotent-Replayed" not in there.headers


@pytest.mark.parametrize(
    "key",
    ["", " ", "with space", "x" * 256, "tab\tinside", "caf\u00e9"],
    ids=["empty", "blank", "space", "too-long", "control", "non-ascii"],
)
async def test_malformed_keys_are_refused(
    client: httpx.AsyncClient, floor: Floor, key: str
) -> None:
    dispatch = await running_dispatch(client, floor)

    response = await client.post(
        f"{api.DISPATCHES}/{dispatch['id']}/reports",
        json={"good_qty": 1},
        headers={**floor.operator.headers, "Idempotency-Key": key.encode()},
    )

    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["loc"] == ["header", "Idempotency-Key"]
    assert await produced(client, floor, dispatch["work_order_id"]) == 0


async def test_the_longest_printable_key_is_accepted(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    dispatch = await running_dispatch(client, floor)
    key = "".join(chr(33 + i % 94) for i in range(255))

    first = await api.report(client, floor.operator.headers, dispatch["id"], key=key)
    again = await api.report(client, floor.operator.headers, dispatch["id"], key=key)

    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"


async def test_a_deployment_can_require_the_key(
    client: httpx.AsyncClient,
    floor: Floor,
    configure: Callable[..., WorkOrderSettings],
) -> None:
    dispatch = await running_dispatch(client, floor)
    configure(require_idempotency_key=True)

    without = await api.report(client, floor.operator.headers, dispatch["id"])
    with_key = await api.report(client, floor.operator.headers, dispatch["id"], key="k-1")

    assert without.status_code == 428
    assert without.json()["error"]["code"] == "IDEMPOTENCY_KEY_REQUIRED"
    assert with_key.status_code == 201
