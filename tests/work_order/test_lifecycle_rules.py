"""The lifecycle rules as pure functions, checked against each role's permissions."""

from __future__ import annotations

import pytest

from shopfloor.user.constants import ROLE_PERMISSIONS, Role
from shopfloor.work_order import lifecycle
from shopfloor.work_order.constants import (
    DispatchAction,
    DispatchStatus,
    WorkOrderAction,
    WorkOrderStatus,
)

S, A = WorkOrderStatus, WorkOrderAction


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        (Role.ADMIN, S.PENDING, [A.START, A.CANCEL]),
        (Role.ADMIN, S.COMPLETED, [A.REOPEN]),
        (Role.SUPERVISOR, S.IN_PROGRESS, [A.HOLD, A.COMPLETE, A.CANCEL]),
        (Role.SUPERVISOR, S.ON_HOLD, [A.RESUME, A.CANCEL]),
        (Role.SUPERVISOR, S.COMPLETED, []),
        (Role.PLANNER, S.PENDING, [A.START, A.CANCEL]),
        (Role.PLANNER, S.IN_PROGRESS, []),
        (Role.PLANNER, S.ON_HOLD, []),
        (Role.OPERATOR, S.PENDING, []),
        (Role.VIEWER, S.IN_PROGRESS, []),
        (Role.ADMIN, S.CANCELLED, []),
    ],
)
def test_allowed_actions_per_role(
    role: Role, status: WorkOrderStatus, expected: list[WorkOrderAction]
) -> None:
    assert lifecycle.allowed_actions(status, ROLE_PERMISSIONS[role]) == expected


def test_each_action_names_the_permissions_that_allow_it() -> None:
    assert lifecycle.action_permissions(A.START) == {"work_order:start"}
    assert lifecycle.action_permissions(A.CANCEL) == {
        "work_order:transition",
        "work_order:cancel_pending",
    }
    assert lifecycle.action_permissions(A.REOPEN) == {"work_order:reopen"}


def test_nothing_leaves_cancelled_and_every_source_is_unique() -> None:
    sources = [(t.source, t.action) for t in lifecycle.WORK_ORDER_TRANSITIONS]
    assert len(sources) == len(set(sources))
    assert all(t.source is not S.CANCELLED for t in lifecycle.WORK_ORDER_TRANSITIONS)


@pytest.mark.parametrize(
    ("action", "reason", "short", "missing"),
    [
        (A.HOLD, None, False, True),
        (A.HOLD, "Material", False, False),
        (A.START, None, True, False),
        (A.COMPLETE, None, True, True),
        (A.COMPLETE, None, False, False),
        (A.COMPLETE, "Short lot", True, False),
    ],
)
def test_reasons(action: WorkOrderAction, reason: str | None, short: bool, missing: bool) -> None:
    source = S.PENDING if action is A.START else S.IN_PROGRESS
    transition = lifecycle.work_order_transition(source, action)
    assert transition is not None
    assert lifecycle.reason_missing(transition, reason, short=short) is missing


@pytest.mark.parametrize(
    ("status", "order_status", "role", "expected"),
    [
        (DispatchStatus.QUEUED, S.PENDING, Role.OPERATOR, [DispatchAction.START]),
        (DispatchStatus.QUEUED, S.ON_HOLD, Role.OPERATOR, []),
        (DispatchStatus.QUEUED, S.ON_HOLD, Role.PLANNER, [DispatchAction.CANCEL]),
        (
            DispatchStatus.IN_PROGRESS,
            S.IN_PROGRESS,
            Role.SUPERVISOR,
            [DispatchAction.PAUSE, DispatchAction.FINISH, DispatchAction.CANCEL],
        ),
        (DispatchStatus.PAUSED, S.ON_HOLD, Role.OPERATOR, [DispatchAction.FINISH]),
        (
            DispatchStatus.PAUSED,
            S.IN_PROGRESS,
            Role.OPERATOR,
            [DispatchAction.RESUME, DispatchAction.FINISH],
        ),
        (DispatchStatus.DONE, S.IN_PROGRESS, Role.ADMIN, []),
        (DispatchStatus.IN_PROGRESS, S.IN_PROGRESS, Role.VIEWER, []),
    ],
)
def test_dispatch_actions_depend_on_both_statuses(
    status: DispatchStatus,
    order_status: WorkOrderStatus,
    role: Role,
    expected: list[DispatchAction],
) -> None:
    assert lifecycle.dispatch_allowed_actions(status, order_status, ROLE_PERMISSIONS[role]) == (
        expected
    )


@pytest.mark.parametrize(
    ("status", "planned", "good", "scrap", "held"),
    [
        (DispatchStatus.QUEUED, 50, 0, 0, 50),
        (DispatchStatus.IN_PROGRESS, 50, 20, 5, 50),
        (DispatchStatus.IN_PROGRESS, 50, 52, 1, 53),  # over plan within an allowance
        (DispatchStatus.DONE, 50, 40, 2, 42),
        (DispatchStatus.CANCELLED, 50, 0, 0, 0),
        (DispatchStatus.CANCELLED, 50, 12, 3, 15),
    ],
)
def test_what_a_dispatch_holds_of_its_order(
    status: DispatchStatus, planned: int, good: int, scrap: int, held: int
) -> None:
    assert (
        lifecycle.committed_qty(status=status, planned_qty=planned, good_qty=good, scrap_qty=scrap)
        == held
    )
