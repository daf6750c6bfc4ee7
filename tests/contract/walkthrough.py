"""A work order from planning to completion through the generated Python client.

Run by tests/contract/test_clients.py next to a client generated from the document:

    python walkthrough.py BASE_URL EMAIL < password

Every edit and action sends the version from the ETag header of the last answer about that
record (If-Match). It exits non-zero at the first answer that is not the expected one, and
`mypy --strict` checks it, so a document whose types a client cannot use fails here.
"""

from __future__ import annotations

import secrets
import sys
from typing import Any, TypeVar

import client_names as api
from shopfloor_client import AuthenticatedClient, Client
from shopfloor_client.types import Response

T = TypeVar("T")


def expect(response: Response[Any], status: int, answer: type[T]) -> T:
    """The parsed answer, when the status and the type are the expected ones."""
    if response.status_code != status or not isinstance(response.parsed, answer):
        raise AssertionError(
            f"expected {status} {answer.__name__}, got {response.status_code}: "
            f"{response.content.decode(errors='replace')}"
        )
    return response.parsed


def etag(response: Response[Any]) -> str:
    return response.headers["ETag"]


def walk(base_url: str, email: str, password: str) -> None:
    anonymous = Client(base_url=base_url)
    signed_in = expect(
        api.sign_in.sync_detailed(
            client=anonymous, body=api.SignInForm(username=email, password=password)
        ),
        200,
        api.TokenEnvelope,
    )
    client = AuthenticatedClient(base_url=base_url, token=signed_in.access_token)
    suffix = secrets.token_hex(3).upper()

    station = expect(
        api.create_work_center.sync_detailed(
            client=client, body=api.WorkCenterCreate(code=f"CNC-{suffix}", name="CNC lathe")
        ),
        201,
        api.WorkCenterAnswer,
    ).data
    customer = expect(
        api.create_customer.sync_detailed(
            client=client, body=api.CustomerCreate(code=f"ACME-{suffix}", name="Acme Gearboxes")
        ),
        201,
        api.CustomerAnswer,
    ).data
    order = expect(
        api.create_work_order.sync_detailed(
            client=client,
            body=api.WorkOrderCreate(
                order_number=f"WO-{suffix}",
                product_model="GB-200",
                quantity=10,
                customer_id=customer.id,
            ),
        ),
        201,
        api.WorkOrderAnswer,
    ).data
    assert order.status == api.WorkOrderStatus.PENDING

    dispatched = api.create_dispatch.sync_detailed(
        order.id,
        client=client,
        body=api.DispatchCreate(work_center_id=station.id, planned_qty=10),
    )
    dispatch = expect(dispatched, 201, api.DispatchAnswer).data
    started = api.apply_dispatch_action.sync_detailed(
        dispatch.id, api.DispatchAction.START, client=client, if_match=etag(dispatched)
    )
    assert expect(started, 200, api.DispatchAnswer).data.status == api.DispatchStatus.IN_PROGRESS

    outcome = expect(
        api.report_production.sync_detailed(
            dispatch.id,
            client=client,
            body=api.ProductionReportCreate(
                good_qty=9, scrap_qty=1, scrap_reason="Burr on the bore"
            ),
            idempotency_key=f"walkthrough-{suffix}",
        ),
        201,
        api.ReportAnswer,
    ).data
    assert (outcome.work_order.produced_qty, outcome.work_order.scrap_qty) == (9, 1)
    assert outcome.work_order.ready_to_close

    current_dispatch = api.read_dispatch.sync_detailed(dispatch.id, client=client)
    expect(current_dispatch, 200, api.DispatchAnswer)
    finished = api.apply_dispatch_action.sync_detailed(
        dispatch.id, api.DispatchAction.FINISH, client=client, if_match=etag(current_dispatch)
    )
    assert expect(finished, 200, api.DispatchAnswer).data.status == api.DispatchStatus.DONE

    current_order = api.read_work_order.sync_detailed(order.id, client=client)
    expect(current_order, 200, api.WorkOrderDetailAnswer)
    # The body is optional: without a reason the client sends none.
    completed = api.apply_order_action.sync_detailed(
        order.id,
        api.WorkOrderAction.COMPLETE,
        client=client,
        if_match=etag(current_order),
    )
    done = expect(completed, 200, api.WorkOrderAnswer).data
    assert done.status == api.WorkOrderStatus.COMPLETED
    assert etag(completed) == f'"{done.version}"'


def main(argv: list[str]) -> int:
    base_url, email = argv
    walk(base_url, email, sys.stdin.readline().rstrip("\n"))
    sys.stdout.write("walkthrough: the order is completed\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
