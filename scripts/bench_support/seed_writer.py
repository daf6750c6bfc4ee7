"""The rows of one order as the seed writes them: the order, its operations, its dispatches
and their reports, with quantities that agree the way the service keeps them.

An order without operations produced and scrapped the sums over its dispatches. An order
with operations produced what its last operation made good and scrapped the sum over its
operations; each operation's quantities are its dispatch's, and a dispatch's the sums over
its reports.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import UTC, datetime, time, timedelta

from bench_support.seed_rows import (
    MODELS_PER_FAMILY,
    NOTES,
    PRIORITY_WEIGHTS,
    PRODUCT_FAMILIES,
    SCRAP_REASONS,
    SEED,
    WORK_CENTERS,
    DispatchPlan,
    Identity,
    OperationPlan,
    SeedData,
)


class Writer:
    def __init__(self, identity: Identity, now: datetime, *, with_operations: bool) -> None:
        self.identity = identity
        self.now = now
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible data, not secrets
        self.data = SeedData(with_operations=with_operations)
        self.work_center_ids: list[uuid.UUID] = []
        self.customer_ids: list[uuid.UUID] = []

    # -- helpers -------------------------------------------------------------------------------

    def uuid7_at(self, moment: datetime) -> uuid.UUID:
        """A version 7 UUID for `moment`, so ids sort the way the rows were created."""
        value = (int(moment.timestamp() * 1000) & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= self.rng.getrandbits(12) << 64
        value |= 0b10 << 62
        value |= self.rng.getrandbits(62)
        return uuid.UUID(int=value)

    def ago(self, low_days: float, high_days: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(low_days, high_days))

    def between(self, start: datetime, end: datetime) -> datetime:
        if end <= start:
            return start
        return start + (end - start) * self.rng.uniform(0.05, 0.95)

    def progress(self, planned: int, fraction: float) -> tuple[int, int]:
        """(good, scrap) for `fraction` of `planned`, with a few percent scrapped."""
        total = min(planned, max(1, round(planned * fraction)))
        scrap = math.floor(total * self.rng.uniform(0.0, 0.04))
        return total - scrap, scrap

    def split(self, total: int, parts: int) -> list[int]:
        parts = max(1, min(parts, total))
        weights = [self.rng.uniform(0.5, 1.5) for _ in range(parts)]
        shares = [max(1, math.floor(total * weight / sum(weights))) for weight in weights]
        shares[-1] = total - sum(shares[:-1])
        if shares[-1] < 1:  # rounding took it all; fall back to an even split
            shares = [total // parts] * parts
            shares[-1] += total - sum(shares)
        return shares

    def run(
        self, dispatches: list[DispatchPlan], start: datetime, end: datetime, most: float = 0.9
    ) -> None:
        """Give started dispatches their times and quantities between `start` and `end`."""
        step = (end - start) / max(len(dispatches), 1)
        for position, dispatch in enumerate(dispatches):
            if dispatch.status == "queued":
                continue
            dispatch.started_at = start + step * position
            if dispatch.status == "done":
                dispatch.good, dispatch.scrap = self.progress(dispatch.planned, 1.0)
                dispatch.finished_at = dispatch.started_at + step * 0.9
                dispatch.transitions += 2
            else:
                fraction = self.rng.uniform(0.05, most)
                dispatch.good, dispatch.scrap = self.progress(dispatch.planned, fraction)
                dispatch.transitions += 1

    # -- rows ----------------------------------------------------------------------------------

    def write_order(
        self,
        *,
        number: str,
        created: datetime,
        status: str,
        quantity: int,
        dispatches: list[DispatchPlan],
        transitions: int,
        operations: list[OperationPlan] | None = None,
        started_at: datetime | None = None,
        completed_at: datetime | None = None,
        cancelled_at: datetime | None = None,
        hold_reason: str | None = None,
        cancel_reason: str | None = None,
        close_reason: str | None = None,
    ) -> uuid.UUID:
        rng = self.rng
        identity = self.identity
        order_id = self.uuid7_at(created)
        planner = rng.choice((identity.admin_id, identity.supervisor_id))
        due = (completed_at or created).date() + timedelta(days=rng.randint(7, 45))
        planned_start: datetime | None = None
        planned_end: datetime | None = None
        if rng.random() < 0.7:
            first_day = created.date() + timedelta(days=rng.randint(1, 5))
            planned_start = datetime.combine(first_day, time(8), tzinfo=UTC)
            planned_end = planned_start + timedelta(days=rng.randint(1, 10))
        operation_ids = [self.uuid7_at(created) for _ in operations or ()]
        reports = []
        for sequence, dispatch in enumerate(dispatches, start=1):
            operation_id = None
            if operations and dispatch.operation is not None:
                # As the service makes it: its operation's id, seq and name.
                operation_id = operation_ids[dispatch.operation]
                sequence = operations[dispatch.operation].seq
            reports.append(
                self.write_dispatch(order_id, created, sequence, dispatch, planner, operation_id)
            )
        if operations:
            self.write_operations(order_id, created, operation_ids, operations, dispatches, reports)
            produced = operations[-1].good
            scrapped = sum(operation.scrap for operation in operations)
            self.data.operation_order_ids.append(order_id)
        else:
            produced = sum(d.good for d in dispatches)
            scrapped = sum(d.scrap for d in dispatches)
        last_change = max(
            [moment for moment in (started_at, completed_at, cancelled_at) if moment]
            + [d.finished_at or d.started_at or created for d in dispatches]
            + [created]
        )
        self.data.orders.append(
            (
                order_id,
                identity.organization_id,
                number,
                rng.choice(self.customer_ids) if rng.random() < 0.9 else None,
                f"{rng.choice(PRODUCT_FAMILIES)}-{rng.randint(1, MODELS_PER_FAMILY) * 100}",
                quantity,
                produced,
                scrapped,
                status,
                rng.choices(range(1, 11), weights=PRIORITY_WEIGHTS)[0],
                due,
                planned_start,
                planned_end,
                started_at,
                completed_at,
                cancelled_at,
                hold_reason,
                cancel_reason,
                close_reason,
                rng.choice(NOTES) if rng.random() < 0.1 else None,
                planner,
                planner,
                1 + transitions + sum(reports),
                created,
                last_change,
                None,
            )
        )
        self.data.order_ids.append(order_id)
        return order_id

    def write_operations(
        self,
        order_id: uuid.UUID,
        created: datetime,
        operation_ids: list[uuid.UUID],
        operations: list[OperationPlan],
        dispatches: list[DispatchPlan],
        reports: list[int],
    ) -> None:
        """The order's operations; each one's quantities are the sums of its dispatches', and
        its version counts its dispatches' changes (`reports` per dispatch)."""
        for index, (operation_id, operation) in enumerate(
            zip(operation_ids, operations, strict=True)
        ):
            own = [d for d in dispatches if d.operation == index]
            changes = sum(
                d.transitions + count
                for d, count in zip(dispatches, reports, strict=True)
                if d.operation == index
            )
            assert operation.good == sum(d.good for d in own)
            assert operation.scrap == sum(d.scrap for d in own)
            changed = max([d.finished_at or d.started_at or created for d in own] + [created])
            _, _, name = WORK_CENTERS[operation.work_center]
            self.data.operations.append(
                (
                    operation_id,
                    self.identity.organization_id,
                    order_id,
                    operation.seq,
                    name,
                    self.work_center_ids[operation.work_center],
                    operation.setup_min,
                    operation.run_s_per_unit,
                    None,
                    operation.status,
                    operation.good,
                    operation.scrap,
                    None,
                    1 + changes,
                    created,
                    changed,
                )
            )

    def write_dispatch(
        self,
        order_id: uuid.UUID,
        created: datetime,
        sequence: int,
        dispatch: DispatchPlan,
        planner: uuid.UUID,
        operation_id: uuid.UUID | None = None,
    ) -> int:
        """Add the dispatch and its reports; returns how many reports it has."""
        identity = self.identity
        dispatch_id = self.uuid7_at(created)
        code, _, operation = WORK_CENTERS[dispatch.work_center]
        label = operation if operation_id else f"{operation} at {code}"
        operator = identity.operator_id if dispatch.started_at else None
        reports = self.write_reports(order_id, dispatch_id, dispatch)
        row = (
            dispatch_id,
            identity.organization_id,
            order_id,
            self.work_center_ids[dispatch.work_center],
            operator,
            sequence,
            label,
            dispatch.planned,
            dispatch.good,
            dispatch.scrap,
            dispatch.status,
            None,
            dispatch.started_at,
            dispatch.finished_at,
            planner,
            operator or planner,
            1 + dispatch.transitions + reports,
            created,
            dispatch.finished_at or dispatch.started_at or created,
        )
        self.data.dispatches.append((*row, operation_id) if self.data.with_operations else row)
        return reports

    def write_reports(self, order_id: uuid.UUID, dispatch_id: uuid.UUID, d: DispatchPlan) -> int:
        if d.started_at is None or d.good + d.scrap == 0:
            return 0
        end = d.finished_at or self.now - timedelta(minutes=5)
        count = min(self.rng.randint(1, 3), d.good + d.scrap)
        goods = self.split(d.good, count) if d.good >= count else [d.good] + [0] * (count - 1)
        scraps = [d.scrap] + [0] * (count - 1)
        moments = sorted(self.between(d.started_at, end) for _ in range(count))
        previous = d.started_at
        written = 0
        for good, scrap, moment in zip(goods, scraps, moments, strict=True):
            if good + scrap == 0:
                continue
            self.data.reports.append(
                (
                    self.uuid7_at(moment),
                    self.identity.organization_id,
                    dispatch_id,
                    order_id,
                    self.identity.operator_id,
                    good,
                    scrap,
                    self.rng.choice(SCRAP_REASONS) if scrap else None,
                    previous,
                    moment,
                    None,
                    None,
                    self.identity.operator_id,
                    moment,
                )
            )
            previous = moment
            written += 1
        return written
