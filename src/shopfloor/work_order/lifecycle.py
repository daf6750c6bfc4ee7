"""The work-order and dispatch lifecycles as declarative tables, and pure rules over them.

Everything about which status may follow which, who may cause it and what it does to the
order's dispatches is declared here, once. The action endpoints, the `allowed_actions` the API
shows and the service's guards all read these tables; nothing else decides a transition.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import Final

from shopfloor.work_order.constants import (
    PERMISSION_CANCEL_PENDING,
    PERMISSION_DISPATCH_MANAGE,
    PERMISSION_DISPATCH_OPERATE,
    PERMISSION_REOPEN,
    PERMISSION_START,
    PERMISSION_TRANSITION,
    DispatchAction,
    DispatchStatus,
    WorkOrderAction,
    WorkOrderStatus,
)

WO = WorkOrderStatus
DS = DispatchStatus


class ReasonRule(StrEnum):
    OPTIONAL = "optional"
    REQUIRED = "required"
    # Required only when produced + scrap is still below the order's quantity.
    WHEN_SHORT = "when_short"


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the work-order table: `action` takes `source` to `target`."""

    action: WorkOrderAction
    source: WorkOrderStatus
    target: WorkOrderStatus
    # The caller needs any one of these permissions.
    permissions: frozenset[str]
    reason: ReasonRule = ReasonRule.OPTIONAL
    # What happens to the order's dispatches, by their current status.
    dispatches: Mapping[DispatchStatus, DispatchStatus] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # Dispatch statuses that make the action impossible (409) until they are resolved.
    blocked_by: frozenset[DispatchStatus] = frozenset()


def _perms(*names: str) -> frozenset[str]:
    return frozenset(names)


def _moves(moves: dict[DispatchStatus, DispatchStatus]) -> Mapping[DispatchStatus, DispatchStatus]:
    return MappingProxyType(moves)


START, HOLD, RESUME = WorkOrderAction.START, WorkOrderAction.HOLD, WorkOrderAction.RESUME
COMPLETE, CANCEL, REOPEN = WorkOrderAction.COMPLETE, WorkOrderAction.CANCEL, WorkOrderAction.REOPEN
_CANCEL_OPEN = _moves(
    {DS.QUEUED: DS.CANCELLED, DS.IN_PROGRESS: DS.CANCELLED, DS.PAUSED: DS.CANCELLED}
)

# fmt: off
WORK_ORDER_TRANSITIONS: Final[tuple[Transition, ...]] = (
    #          action    from            to              who may do it
    Transition(START,    WO.PENDING,     WO.IN_PROGRESS, _perms(PERMISSION_START)),
    Transition(HOLD,     WO.IN_PROGRESS, WO.ON_HOLD,     _perms(PERMISSION_TRANSITION),
               reason=ReasonRule.REQUIRED, dispatches=_moves({DS.IN_PROGRESS: DS.PAUSED})),
    Transition(RESUME,   WO.ON_HOLD,     WO.IN_PROGRESS, _perms(PERMISSION_TRANSITION)),
    Transition(COMPLETE, WO.IN_PROGRESS, WO.COMPLETED,   _perms(PERMISSION_TRANSITION),
               reason=ReasonRule.WHEN_SHORT, dispatches=_moves({DS.QUEUED: DS.CANCELLED}),
               blocked_by=frozenset({DS.IN_PROGRESS, DS.PAUSED})),
    Transition(CANCEL,   WO.PENDING,     WO.CANCELLED,
               _perms(PERMISSION_TRANSITION, PERMISSION_CANCEL_PENDING),
               reason=ReasonRule.REQUIRED, dispatches=_CANCEL_OPEN),
    Transition(CANCEL,   WO.IN_PROGRESS, WO.CANCELLED,   _perms(PERMISSION_TRANSITION),
               reason=ReasonRule.REQUIRED, dispatches=_CANCEL_OPEN),
    Transition(CANCEL,   WO.ON_HOLD,     WO.CANCELLED,   _perms(PERMISSION_TRANSITION),
               reason=ReasonRule.REQUIRED, dispatches=_CANCEL_OPEN),
    Transition(REOPEN,   WO.COMPLETED,   WO.IN_PROGRESS, _perms(PERMISSION_REOPEN),
               reason=ReasonRule.REQUIRED),
)
# fmt: on

_BY_SOURCE: Final = MappingProxyType({(t.source, t.action): t for t in WORK_ORDER_TRANSITIONS})

# Orders in these statuses cannot be changed at all (only reopened, for completed ones).
READ_ONLY_STATUSES: Final = frozenset({WO.COMPLETED, WO.CANCELLED})
DELETABLE_STATUSES: Final = frozenset({WO.PENDING, WO.CANCELLED})
# Before the order starts everything may change; afterwards only the planning fields.
EDITABLE_AFTER_START: Final = frozenset(
    {"priority", "due_date", "planned_start_at", "planned_end_at", "note", "quantity"}
)
# An order accepts new dispatches and dispatch edits while it is still open.
DISPATCHABLE_STATUSES: Final = frozenset({WO.PENDING, WO.IN_PROGRESS, WO.ON_HOLD})


def work_order_transition(status: WorkOrderStatus, action: WorkOrderAction) -> Transition | None:
    return _BY_SOURCE.get((status, action))


def action_permissions(action: WorkOrderAction) -> frozenset[str]:
    """Every permission that allows `action` from at least one status."""
    return frozenset().union(*(t.permissions for t in WORK_ORDER_TRANSITIONS if t.action == action))


def may(transition: Transition, permissions: Collection[str]) -> bool:
    return not transition.permissions.isdisjoint(permissions)


def allowed_actions(status: WorkOrderStatus, permissions: Collection[str]) -> list[WorkOrderAction]:
    """The actions the caller may take on an order in `status`, in the table's order."""
    return list(_allowed_actions(status, frozenset(permissions)))


@cache
def _allowed_actions(
    status: WorkOrderStatus, permissions: frozenset[str]
) -> tuple[WorkOrderAction, ...]:
    # Asked once per row of every list page: a handful of roles make the answers few.
    return tuple(
        action
        for action in WorkOrderAction
        if (t := _BY_SOURCE.get((status, action))) is not None and may(t, permissions)
    )


def reason_missing(transition: Transition, reason: str | None, *, short: bool) -> bool:
    if reason:
        return False
    return transition.reason is ReasonRule.REQUIRED or (
        transition.reason is ReasonRule.WHEN_SHORT and short
    )


# -- dispatches -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DispatchTransition:
    action: DispatchAction
    sources: frozenset[DispatchStatus]
    target: DispatchStatus
    permission: str
    # The order must be in one of these statuses; a pending order is started automatically.
    order_statuses: frozenset[WorkOrderStatus]


OPERATE, MANAGE = PERMISSION_DISPATCH_OPERATE, PERMISSION_DISPATCH_MANAGE
_RUNNING_ORDER = frozenset({WO.IN_PROGRESS})

# fmt: off
DISPATCH_TRANSITIONS: Final[tuple[DispatchTransition, ...]] = (
    #                  action                 from                  to              who
    DispatchTransition(DispatchAction.START,  frozenset({DS.QUEUED}), DS.IN_PROGRESS, OPERATE,
                       order_statuses=frozenset({WO.PENDING, WO.IN_PROGRESS})),
    DispatchTransition(DispatchAction.PAUSE,  frozenset({DS.IN_PROGRESS}), DS.PAUSED, OPERATE,
                       order_statuses=_RUNNING_ORDER),
    DispatchTransition(DispatchAction.RESUME, frozenset({DS.PAUSED}), DS.IN_PROGRESS, OPERATE,
                       order_statuses=_RUNNING_ORDER),
    DispatchTransition(DispatchAction.FINISH, frozenset({DS.IN_PROGRESS, DS.PAUSED}), DS.DONE,
                       OPERATE, order_statuses=frozenset({WO.IN_PROGRESS, WO.ON_HOLD})),
    DispatchTransition(DispatchAction.CANCEL,
                       frozenset({DS.QUEUED, DS.IN_PROGRESS, DS.PAUSED}), DS.CANCELLED, MANAGE,
                       order_statuses=DISPATCHABLE_STATUSES),
)
# fmt: on

_DISPATCH_BY_ACTION: Final = MappingProxyType({t.action: t for t in DISPATCH_TRANSITIONS})

CLOSED_DISPATCH_STATUSES: Final = frozenset({DS.DONE, DS.CANCELLED})
# Fields of a dispatch that may change once it has started.
DISPATCH_EDITABLE_AFTER_START: Final = frozenset(
    {"operator_id", "sequence", "operation", "planned_qty", "note"}
)


def dispatch_transition(action: DispatchAction) -> DispatchTransition:
    return _DISPATCH_BY_ACTION[action]


def dispatch_allowed_actions(
    status: DispatchStatus, order_status: WorkOrderStatus, permissions: Collection[str]
) -> list[DispatchAction]:
    return list(_dispatch_allowed_actions(status, order_status, frozenset(permissions)))


@cache
def _dispatch_allowed_actions(
    status: DispatchStatus, order_status: WorkOrderStatus, permissions: frozenset[str]
) -> tuple[DispatchAction, ...]:
    return tuple(
        t.action
        for t in DISPATCH_TRANSITIONS
        if status in t.sources and order_status in t.order_statuses and t.permission in permissions
    )


# -- quantities -------------------------------------------------------------------------------


def committed_qty(
    *, status: DispatchStatus, planned_qty: int, good_qty: int, scrap_qty: int
) -> int:
    """How much of the order's quantity a dispatch takes up.

    An open dispatch holds its plan (or what it already produced, if more); a finished or
    cancelled one holds only what it actually produced, so the rest can be planned again.
    """
    reported = good_qty + scrap_qty
    if status in CLOSED_DISPATCH_STATUSES:
        return reported
    return max(planned_qty, reported)


def remaining_qty(target_qty: int, good_qty: int, scrap_qty: int) -> int:
    """What is still to make of `target_qty` (an order's quantity, a dispatch's plan)."""
    return max(target_qty - good_qty - scrap_qty, 0)


def ready_to_close(quantity: int, produced_qty: int, scrap_qty: int) -> bool:
    """The order's reported pieces, good or scrapped, have reached its quantity."""
    return produced_qty + scrap_qty >= quantity


def unplanned_qty(quantity: int, committed: Iterable[int]) -> int:
    """What new dispatches may still plan: the quantity minus what the dispatches hold."""
    return max(quantity - sum(committed), 0)


def with_allowance(quantity: int, allowance: Decimal) -> int:
    """The most pieces that may be reported against `quantity` (a plan, an order, what
    reached an operation), the overproduction allowance included, rounded down."""
    return int((Decimal(quantity) * (1 + allowance)).to_integral_value(rounding=ROUND_FLOOR))
