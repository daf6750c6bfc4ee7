"""Rows to response models, or to plain data in their shape for the hottest reads, with the
actions the caller may take on them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Row

from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import DispatchAction, DispatchStatus, WorkOrderStatus
from shopfloor.work_order.models import Dispatch, WorkOrder
from shopfloor.work_order.schemas import DispatchRead, WorkOrderRead


def work_order_read(order: WorkOrder | Row[Any], permissions: Collection[str]) -> WorkOrderRead:
    """From a mapped order or a row of the work_order table's columns."""
    actions = lifecycle.allowed_actions(WorkOrderStatus(order.status), permissions)
    if isinstance(order, Row):
        # A plain dict validates several times faster than attribute access on a Row, and a
        # list page renders up to 100 of them.
        return WorkOrderRead.model_validate({**order._mapping, "allowed_actions": actions})
    read = WorkOrderRead.model_validate(order)
    read.allowed_actions = actions
    return read


def work_order_item(keys: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """One order as plain data in the shape of `WorkOrderRead`, but for `allowed_actions`,
    which depends on the caller: what the cache of list rows keeps.

    Rendered by `core.json_answers` without validation: the values come from typed columns,
    and tests hold the result to what the model renders.
    """
    item = dict(zip(keys, row, strict=True))
    quantity, produced, scrap = item["quantity"], item["produced_qty"], item["scrap_qty"]
    item["remaining_qty"] = lifecycle.remaining_qty(quantity, produced, scrap)
    item["ready_to_close"] = lifecycle.ready_to_close(quantity, produced, scrap)
    return item


def with_allowed_actions(
    items: Iterable[dict[str, Any]], permissions: frozenset[str]
) -> list[dict[str, Any]]:
    """Copies of `items` (from `work_order_item`) with the caller's allowed actions; the
    items themselves are left as they are, since the cache may hold them."""
    return [
        {**item, "allowed_actions": lifecycle.allowed_actions_of(item["status"], permissions)}
        for item in items
    ]


def dispatch_read(
    dispatch: Dispatch, order_status: str, permissions: Collection[str]
) -> DispatchRead:
    read = DispatchRead.model_validate(dispatch)
    read.allowed_actions = dispatch_actions(read.status, order_status, permissions)
    return read


def dispatch_actions(
    status: DispatchStatus, order_status: str, permissions: Collection[str]
) -> list[DispatchAction]:
    return lifecycle.dispatch_allowed_actions(status, WorkOrderStatus(order_status), permissions)


def work_order_detail(
    order: dict[str, Any], dispatches: list[dict[str, Any]], permissions: frozenset[str]
) -> dict[str, Any]:
    """The order with its dispatches (in sequence order) as plain data in the shape of
    `WorkOrderDetail`, from their columns; rendered like `work_order_item`."""
    status = order["status"]
    committed = []
    for dispatch in dispatches:
        good, scrap = dispatch["good_qty"], dispatch["scrap_qty"]
        dispatch["allowed_actions"] = lifecycle.dispatch_allowed_actions_of(
            dispatch["status"], status, permissions
        )
        dispatch["remaining_qty"] = lifecycle.remaining_qty(dispatch["planned_qty"], good, scrap)
        committed.append(
            lifecycle.committed_qty(
                status=DispatchStatus(dispatch["status"]),
                planned_qty=dispatch["planned_qty"],
                good_qty=good,
                scrap_qty=scrap,
            )
        )
    quantity, produced, scrap = order["quantity"], order["produced_qty"], order["scrap_qty"]
    order["allowed_actions"] = lifecycle.allowed_actions_of(status, permissions)
    order["dispatches"] = dispatches
    order["remaining_qty"] = lifecycle.remaining_qty(quantity, produced, scrap)
    order["ready_to_close"] = lifecycle.ready_to_close(quantity, produced, scrap)
    order["unplanned_qty"] = lifecycle.unplanned_qty(quantity, committed)
    return order
