"""Orders with operations: three steps, seq 10, 20 and 30, each at its own work center, and
one dispatch per operation that has begun (pending orders may have queued ones).

Pieces flow from one operation to the next: an operation can work only what the one before
made good, so its good plus scrap never exceeds the previous operation's good (the first
one's, the order's quantity). A dispatch is planned for what its operation can get: the
previous operation's good once that one is done, the order's quantity before. The order
produced what the last operation made good and scrapped the sum of every operation's scrap.

An operation's status follows from its quantities: `done` when its dispatch finished,
`in_progress` once it reported, `ready` when the operation before made something good (the
first one always), `pending` otherwise. The seed skips no operation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bench_support.seed_rows import CANCEL_REASONS, HOLD_REASONS, DispatchPlan, OperationPlan
from bench_support.seed_writer import Writer

SEQS = (10, 20, 30)
# Indexes into WORK_CENTERS, in the order the pieces go through them.
ROUTES = (
    (0, 2, 6),  # cut, bend, weld
    (1, 3, 8),  # cut, bend, coat
    (4, 9, 11),  # mill, assemble, inspect
    (5, 6, 10),  # mill, weld, assemble
    (0, 4, 11),  # cut, mill, inspect
)
SETUP_MINUTES = (10.0, 15.0, 30.0, 45.0)
QUANTITIES = (50, 100, 200, 250, 500, 800, 1000, 1500, 2000)


def operation_plans(writer: Writer) -> list[OperationPlan]:
    rng = writer.rng
    route = rng.choice(ROUTES)
    return [
        OperationPlan(
            seq=seq,
            work_center=center,
            status="pending",
            setup_min=rng.choice(SETUP_MINUTES),
            run_s_per_unit=round(rng.uniform(10.0, 120.0), 1),
        )
        for seq, center in zip(SEQS, route, strict=True)
    ]


def flow(
    writer: Writer,
    operations: list[OperationPlan],
    quantity: int,
    *,
    done: int,
    running: bool,
    start: datetime,
    end: datetime,
) -> list[DispatchPlan]:
    """One dispatch per operation: the first `done` finished, the next one running if
    `running`, the rest queued; the pieces go from one operation to the next."""
    step = (end - start) / len(operations)
    dispatches = []
    for index, operation in enumerate(operations):
        previous_done = index == 0 or index - 1 < done
        planned = quantity if index == 0 or not previous_done else operations[index - 1].good
        dispatch = DispatchPlan(
            work_center=operation.work_center, planned=planned, status="queued", operation=index
        )
        if index < done or (index == done and running):
            dispatch.started_at = start + step * index
            if index < done:
                dispatch.status = "done"
                dispatch.good, dispatch.scrap = writer.progress(planned, 1.0)
                dispatch.finished_at = dispatch.started_at + step * 0.9
                dispatch.transitions = 2
            else:
                dispatch.status = "in_progress"
                fraction = writer.rng.uniform(0.05, 0.9)
                dispatch.good, dispatch.scrap = writer.progress(planned, fraction)
                dispatch.transitions = 1
        operation.good, operation.scrap = dispatch.good, dispatch.scrap
        dispatches.append(dispatch)
    settle(operations, dispatches)
    return dispatches


def settle(operations: list[OperationPlan], dispatches: list[DispatchPlan]) -> None:
    """Each operation's status from its dispatches' and the previous operation's pieces."""
    for index, operation in enumerate(operations):
        own = [d for d in dispatches if d.operation == index]
        if own and all(d.status == "done" for d in own):
            operation.status = "done"
        elif operation.good + operation.scrap > 0:
            operation.status = "in_progress"
        elif index == 0 or operations[index - 1].good > 0:
            operation.status = "ready"
        else:
            operation.status = "pending"


def operation_order(writer: Writer, number: str, created: datetime, status: str) -> None:
    """An order of `status` with three operations, its dispatches linked to them."""
    rng = writer.rng
    now = writer.now
    quantity = rng.choice(QUANTITIES)
    operations = operation_plans(writer)
    dispatches: list[DispatchPlan] = []
    started_at = completed_at = cancelled_at = None
    hold_reason = cancel_reason = None
    transitions = 0
    if status == "pending":
        if rng.random() >= 0.25:
            dispatches = [
                DispatchPlan(
                    work_center=operation.work_center,
                    planned=quantity,
                    status="queued",
                    operation=index,
                )
                for index, operation in enumerate(operations[: rng.choice((1, 3))])
            ]
        settle(operations, dispatches)
    elif status in ("in_progress", "on_hold"):
        done = rng.randrange(len(operations))
        started_at = writer.between(created, now - timedelta(hours=2))
        end = now - timedelta(minutes=30)
        dispatches = flow(
            writer, operations, quantity, done=done, running=True, start=started_at, end=end
        )
        transitions = 1
        if status == "on_hold":
            dispatches[done].status = "paused"
            dispatches[done].transitions += 1
            hold_reason = rng.choice(HOLD_REASONS)
            transitions = 2
    elif status == "completed":
        started_at = writer.between(created, created + timedelta(days=3))
        completed_at = writer.between(started_at + timedelta(days=1), created + timedelta(days=9))
        completed_at = min(completed_at, now - timedelta(hours=1))
        dispatches = flow(
            writer,
            operations,
            quantity,
            done=len(operations),
            running=False,
            start=started_at,
            end=completed_at,
        )
        transitions = 2
    else:  # cancelled, before or after work began
        began = rng.random() < 0.3
        cancelled_at = writer.between(created + timedelta(hours=1), created + timedelta(days=9))
        cancelled_at = min(cancelled_at, now - timedelta(hours=1))
        if began:
            started_at = writer.between(created, cancelled_at)
        dispatches = flow(
            writer,
            operations,
            quantity,
            done=0,
            running=began,
            start=started_at or created,
            end=cancelled_at,
        )
        for dispatch in dispatches:
            dispatch.status = "cancelled"
            dispatch.transitions += 1
        cancel_reason = rng.choice(CANCEL_REASONS)
        transitions = 2 if began else 1
    writer.write_order(
        number=number,
        created=created,
        status=status,
        quantity=quantity,
        dispatches=dispatches,
        transitions=transitions,
        operations=operations,
        started_at=started_at,
        completed_at=completed_at,
        cancelled_at=cancelled_at,
        hold_reason=hold_reason,
        cancel_reason=cancel_reason,
    )
