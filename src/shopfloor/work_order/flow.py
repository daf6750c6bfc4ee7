"""Quantity flow between an order's operations: what each may work on, and what it is.

Operations are grouped by `seq`; the operations of one group run side by side, and a group
works on what the group before it made good:

- `available(op)` is the order's quantity for the first group, and for a later group the
  smallest good quantity among the operations of the highest lower `seq`. Skipped
  operations are passed over: their pieces go straight on.
- the order has produced the smallest good quantity of its last group, and scrapped the sum
  of every operation's scrap.

These are plain functions over `Step`s, so that the writes (over locked rows) and the reads
(over the columns of one statement) apply the very same rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shopfloor.work_order.constants import OperationStatus


@dataclass(frozen=True, slots=True)
class Step:
    """What the rules need of one operation."""

    id: uuid.UUID
    seq: int
    status: OperationStatus
    good_qty: int
    scrap_qty: int

    @property
    def skipped(self) -> bool:
        return self.status is OperationStatus.SKIPPED

    @property
    def reported(self) -> int:
        return self.good_qty + self.scrap_qty

    @classmethod
    def of(cls, operation: Any) -> Step:
        """From an ORM row or anything with the same attributes."""
        return cls(
            id=operation.id,
            seq=operation.seq,
            status=OperationStatus(operation.status),
            good_qty=operation.good_qty,
            scrap_qty=operation.scrap_qty,
        )

    @classmethod
    def of_values(cls, values: Mapping[str, Any]) -> Step:
        """From an operation's columns by name (the by-id read)."""
        return cls(
            id=uuid.UUID(str(values["id"])),
            seq=int(values["seq"]),
            status=OperationStatus(values["status"]),
            good_qty=int(values["good_qty"]),
            scrap_qty=int(values["scrap_qty"]),
        )


def _live(steps: Iterable[Step]) -> list[Step]:
    return [step for step in steps if not step.skipped]


def previous_group(steps: Sequence[Step], seq: int) -> list[Step]:
    """The operations that feed a group: the live ones of the highest lower seq."""
    earlier = [step for step in _live(steps) if step.seq < seq]
    if not earlier:
        return []
    top = max(step.seq for step in earlier)
    return [step for step in earlier if step.seq == top]


def next_group(steps: Sequence[Step], seq: int) -> list[Step]:
    """The operations a group feeds: the live ones of the lowest higher seq."""
    later = [step for step in _live(steps) if step.seq > seq]
    if not later:
        return []
    low = min(step.seq for step in later)
    return [step for step in later if step.seq == low]


def available(steps: Sequence[Step], seq: int, quantity: int) -> int:
    """The pieces an operation of group `seq` may work on (good plus scrap)."""
    feeding = previous_group(steps, seq)
    if not feeding:
        return quantity
    return min(step.good_qty for step in feeding)


def produced(steps: Sequence[Step]) -> int:
    """The order's good pieces: the smallest good quantity of the last live group."""
    live = _live(steps)
    if not live:
        return 0
    last = max(step.seq for step in live)
    return min(step.good_qty for step in live if step.seq == last)


def scrapped(steps: Sequence[Step]) -> int:
    return sum(step.scrap_qty for step in steps)


def status_of(
    steps: Sequence[Step], step: Step, *, quantity: int, running: bool
) -> OperationStatus:
    """An operation's status from its pieces, those before it and its dispatches.

    `steps` must hold the earlier groups' current statuses (see `statuses`). Done: the
    groups before it are finished and it has reported everything they passed on. In
    progress: a dispatch of it runs, or it has reported pieces. Ready: pieces are waiting
    for it. Pending: nothing has reached it yet.
    """
    if step.skipped:
        return OperationStatus.SKIPPED
    feeding = available(steps, step.seq, quantity)
    before = [other for other in steps if other.seq < step.seq and not other.skipped]
    finished_before = all(other.status is OperationStatus.DONE for other in before)
    if finished_before and not running and feeding > 0 and step.reported >= feeding:
        return OperationStatus.DONE
    if running or step.reported > 0:
        return OperationStatus.IN_PROGRESS
    if feeding > step.reported:
        return OperationStatus.READY
    return OperationStatus.PENDING


def statuses(
    steps: Sequence[Step], *, quantity: int, running: set[uuid.UUID]
) -> dict[uuid.UUID, OperationStatus]:
    """Every operation's status, group by group, each group seeing the ones before it."""
    current = {step.id: step for step in steps}
    for step in sorted(steps, key=lambda item: item.seq):
        view = list(current.values())
        status = status_of(view, step, quantity=quantity, running=step.id in running)
        current[step.id] = Step(step.id, step.seq, status, step.good_qty, step.scrap_qty)
    return {step_id: step.status for step_id, step in current.items()}
