"""The rules of `flow.py` applied to locked rows: the checks at start, report and reversal,
and the statuses and order sums that follow each change.

Every function here is called with the order locked: its operations change only under that
lock, so what `load_flow` reads stays true until the transaction ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.work_order import flow, lifecycle
from shopfloor.work_order.constants import (
    OPERATION_NOT_READY,
    OPERATION_QTY_EXCEEDS_AVAILABLE,
    REPORT_QUANTITY_CONSUMED,
    OperationStatus,
)
from shopfloor.work_order.exceptions import (
    OperationNotReadyError,
    OperationQtyExceedsAvailableError,
    ReportQuantityConsumedError,
)
from shopfloor.work_order.models import WorkOrder, WorkOrderOperation
from shopfloor.work_order.repository.operations import OperationRepository


@dataclass(slots=True)
class OrderFlow:
    """A locked order's operations and which of them have a dispatch in progress."""

    order: WorkOrder
    operations: Sequence[WorkOrderOperation]
    running: set[uuid.UUID]

    def operation(self, operation_id: uuid.UUID) -> WorkOrderOperation:
        for operation in self.operations:
            if operation.id == operation_id:
                return operation
        raise LookupError(operation_id)  # not expected: a dispatch's operation is its order's

    def steps(self) -> list[flow.Step]:
        return [flow.Step.of(operation) for operation in self.operations]

    def available(self, operation: WorkOrderOperation) -> int:
        return flow.available(self.steps(), operation.seq, self.order.quantity)


async def load_flow(db_session: AsyncSession, *, order: WorkOrder) -> OrderFlow | None:
    """The order's operations, or None for an order without any."""
    rows = OperationRepository(db_session, organization_id=order.organization_id)
    operations = await rows.of_order(order.id)
    if not operations:
        return None
    return OrderFlow(order=order, operations=operations, running=await rows.running(order.id))


async def refresh_running(db_session: AsyncSession, state: OrderFlow) -> None:
    """Read again which operations run (after a dispatch changed its status)."""
    await db_session.flush()  # the session does not flush by itself before a read
    rows = OperationRepository(db_session, organization_id=state.order.organization_id)
    state.running = await rows.running(state.order.id)


def settle(state: OrderFlow) -> dict[str, list[Any]]:
    """Derive every operation's status and the order's sums; the audit diff of what moved."""
    steps = state.steps()
    statuses = flow.statuses(steps, quantity=state.order.quantity, running=state.running)
    changes: dict[str, list[Any]] = {}
    for operation in state.operations:
        status = statuses[operation.id].value
        if operation.status != status:
            changes[f"operation_status:{operation.id}"] = [operation.status, status]
            operation.status = status
    order = state.order
    for name, value in (
        ("produced_qty", flow.produced(steps)),
        ("scrap_qty", flow.scrapped(steps)),
    ):
        if getattr(order, name) != value:
            changes[name] = [getattr(order, name), value]
            setattr(order, name, value)
    return changes


def add_to_operation(
    state: OrderFlow, operation_id: uuid.UUID, *, good_qty: int, scrap_qty: int
) -> dict[str, list[Any]]:
    """Add pieces (negative ones take them back) to the operation, then settle the order."""
    operation = state.operation(operation_id)
    changes: dict[str, list[Any]] = {
        "operation_good_qty": [operation.good_qty, operation.good_qty + good_qty],
        "operation_scrap_qty": [operation.scrap_qty, operation.scrap_qty + scrap_qty],
    }
    operation.good_qty += good_qty
    operation.scrap_qty += scrap_qty
    return changes | settle(state)


def check_start(state: OrderFlow, operation_id: uuid.UUID) -> None:
    """Refuse to start work that nothing has reached yet: checked at start, not at the end."""
    operation = state.operation(operation_id)
    available = state.available(operation)
    if (
        operation.status == OperationStatus.SKIPPED
        or available <= operation.good_qty + operation.scrap_qty
    ):
        raise OperationNotReadyError(
            params={"available_qty": available},
            details=[
                {
                    "code": OPERATION_NOT_READY,
                    "operation_id": str(operation.id),
                    "available_qty": available,
                }
            ],
        )


def check_report(
    state: OrderFlow, operation_id: uuid.UUID, *, pieces: int, allowance: Decimal
) -> None:
    """An operation reports at most what reached it (with the allowance)."""
    operation = state.operation(operation_id)
    available = state.available(operation)
    limit = lifecycle.with_allowance(available, allowance)
    reported = operation.good_qty + operation.scrap_qty
    if reported + pieces > limit:
        remaining = max(limit - reported, 0)
        raise OperationQtyExceedsAvailableError(
            params={"available_qty": available, "remaining": remaining},
            details=[
                {
                    "code": OPERATION_QTY_EXCEEDS_AVAILABLE,
                    "operation_id": str(operation.id),
                    "available_qty": available,
                    "limit": limit,
                    "remaining": remaining,
                }
            ],
        )


def check_reversal(state: OrderFlow, operation_id: uuid.UUID, *, good_qty: int) -> None:
    """Refuse to take back good pieces that the next operations have already worked on."""
    operation = state.operation(operation_id)
    steps = [
        replace(step, good_qty=step.good_qty - good_qty) if step.id == operation.id else step
        for step in state.steps()
    ]
    for later in flow.next_group(steps, operation.seq):
        available_after = flow.available(steps, later.seq, state.order.quantity)
        if later.reported > available_after:
            raise ReportQuantityConsumedError(
                details=[
                    {
                        "code": REPORT_QUANTITY_CONSUMED,
                        "operation_id": str(later.id),
                        "used_qty": later.reported,
                        "available_after": available_after,
                    }
                ]
            )
