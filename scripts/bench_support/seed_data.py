"""The rows the benchmark seeds: work centers, customers, orders, their operations,
dispatches and reports.

Generated from a fixed random seed, so every run measures the same shape of data. The
quantities agree the way the service keeps them: an order's produced and scrapped pieces are
the sums over its dispatches (or, for an order with operations, its last operation's good
and the sum of its operations' scrap), a dispatch's are the sums over its reports, done
dispatches reached their planned quantity, and nothing exceeds what was planned.

When the schema has operations, every third order (report lines aside) has three
(`seed_operations.py`); the others have none, as orders made without an item.

A few in-progress orders are large "report lines": one running dispatch each with room for
every production report the benchmark can possibly post, so the report endpoint never
answers 409 for lack of quantity. They have no operations.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta

from bench_support.seed_operations import operation_order
from bench_support.seed_rows import (
    CANCEL_REASONS,
    HOLD_REASONS,
    OPERATIONS_EVERY,
    WORK_CENTERS,
    DispatchPlan,
    Identity,
    SeedData,
)
from bench_support.seed_writer import Writer

STATUS_MIX = (
    ("pending", 0.35),
    ("in_progress", 0.25),
    ("on_hold", 0.05),
    ("completed", 0.30),
    ("cancelled", 0.05),
)
# How old an order of each status is, in days (created_at before now).
AGE_DAYS = {
    "pending": (0.2, 30),
    "in_progress": (3, 60),
    "on_hold": (3, 60),
    "completed": (10, 150),
    "cancelled": (3, 150),
}
MAX_REPORT_LINES = 200
# No loopback connection completes more than this many writes a second; sizing the report
# lines for it leaves room whatever the machine.
MAX_REPORTS_PER_CONNECTION_S = 1000

CUSTOMER_WORDS = (
    ("Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware"),
    ("Motors", "Machinery", "Electric", "Cycles", "Robotics", "Appliances", "Marine"),
)
CUSTOMER_COUNT = len(CUSTOMER_WORDS[0]) * len(CUSTOMER_WORDS[1])
CLOSE_REASON = "Customer accepted a short delivery"


def status_counts(orders: int) -> dict[str, int]:
    """Exact counts per status for `orders`, the remainder going to the largest share."""
    counts = {status: math.floor(orders * share) for status, share in STATUS_MIX}
    counts["pending"] += orders - sum(counts.values())
    return counts


def report_capacity(*, connections: int, seconds: int, lines: int) -> int:
    """Pieces each report line must still take for `seconds` of 1-piece reports."""
    return math.ceil(connections * MAX_REPORTS_PER_CONNECTION_S * seconds / max(lines, 1))


class _Builder(Writer):
    # -- master data ---------------------------------------------------------------------------

    def master_data(self) -> None:
        organization = self.identity.organization_id
        created = self.now - timedelta(days=400)
        for code, name, operation in WORK_CENTERS:
            row_id = self.uuid7_at(created)
            self.work_center_ids.append(row_id)
            self.data.work_centers.append(
                (row_id, organization, code, name, operation, "normal", True, 1, created, created)
            )
        firsts, seconds = CUSTOMER_WORDS
        for number in range(1, CUSTOMER_COUNT + 1):
            first, second = divmod(number - 1, len(seconds))
            name = f"{firsts[first]} {seconds[second]}"
            row_id = self.uuid7_at(created)
            self.customer_ids.append(row_id)
            self.data.customers.append(
                (
                    row_id,
                    organization,
                    f"C{number:04d}",
                    name,
                    f"Buyer {number}",
                    f"buyer{number}@customer{number}.example",
                    f"+886-2-5550-{number:04d}",
                    True,
                    1,
                    created,
                    created,
                )
            )

    # -- orders --------------------------------------------------------------------------------

    def orders(self, counts: dict[str, int], report_lines: int, capacity: int) -> None:
        plan = [
            (self.ago(*AGE_DAYS[status]), status) for status, count in counts.items()
            for _ in range(count)
        ]  # fmt: skip
        plan.sort()
        running = [index for index, (_, status) in enumerate(plan) if status == "in_progress"]
        # The most recent running orders are the report lines (what a line works on now).
        lines = set(running[-report_lines:]) if report_lines else set()
        others = 0
        for index, (created, status) in enumerate(plan):
            number = f"WO-{created.year}-{index + 1:06d}"
            if index in lines:
                self.report_line(number, created, capacity)
                continue
            others += 1
            if self.data.with_operations and others % OPERATIONS_EVERY == 0:
                operation_order(self, number, created, status)
            else:
                self.order(number, created, status)
        self.data.status_counts = dict(Counter(status for _, status in plan))

    def dispatches_for(self, quantity: int, statuses: list[str]) -> list[DispatchPlan]:
        if not statuses:
            return []
        centers = self.rng.sample(range(len(WORK_CENTERS)), len(statuses))
        shares = self.split(quantity, len(statuses))
        return [
            DispatchPlan(work_center=center, planned=share, status=status)
            for center, share, status in zip(centers, shares, statuses, strict=True)
        ]

    def order(self, number: str, created: datetime, status: str) -> None:
        rng = self.rng
        quantity = rng.choice((50, 100, 200, 250, 500, 800, 1000, 1500, 2000, 5000))
        parts = rng.choice((1, 2, 2, 3))
        started_at = completed_at = cancelled_at = None
        hold_reason = cancel_reason = close_reason = None
        transitions = 0
        if status == "pending":
            statuses = [] if rng.random() < 0.25 else ["queued"] * parts
            dispatches = self.dispatches_for(quantity, statuses)
            if dispatches and rng.random() < 0.4:
                # Part of the order is not planned yet: the last dispatch takes only some.
                dispatches[-1].planned = max(1, dispatches[-1].planned // 2)
        elif status in ("in_progress", "on_hold"):
            done = rng.randrange(parts)
            statuses = ["done"] * done + ["in_progress"] + ["queued"] * (parts - done - 1)
            dispatches = self.dispatches_for(quantity, statuses)
            started_at = self.between(created, self.now - timedelta(hours=2))
            self.run(dispatches, started_at, self.now - timedelta(minutes=30))
            transitions = 1
            if status == "on_hold":
                dispatches[done].status = "paused"
                dispatches[done].transitions += 1
                hold_reason = rng.choice(HOLD_REASONS)
                transitions = 2
        elif status == "completed":
            short = rng.random() < 0.08 and parts > 1
            statuses = ["done"] * (parts - 1) + ["queued" if short else "done"]
            dispatches = self.dispatches_for(quantity, statuses)
            started_at = self.between(created, created + timedelta(days=3))
            completed_at = self.between(started_at + timedelta(days=1), created + timedelta(days=9))
            completed_at = min(completed_at, self.now - timedelta(hours=1))
            self.run(dispatches, started_at, completed_at)
            if short:
                dispatches[-1].status = "cancelled"
                dispatches[-1].transitions += 1
                close_reason = CLOSE_REASON
            transitions = 2
        else:  # cancelled, before or after work began
            began = rng.random() < 0.3
            statuses = (["in_progress"] if began else ["queued"]) + ["queued"] * (parts - 1)
            dispatches = self.dispatches_for(quantity, statuses)
            cancelled_at = self.between(created + timedelta(hours=1), created + timedelta(days=9))
            cancelled_at = min(cancelled_at, self.now - timedelta(hours=1))
            if began:
                started_at = self.between(created, cancelled_at)
                self.run(dispatches, started_at, cancelled_at)
            for dispatch in dispatches:
                dispatch.status = "cancelled"
                dispatch.transitions += 1
            cancel_reason = rng.choice(CANCEL_REASONS)
            transitions = 2 if began else 1
        self.write_order(
            number=number,
            created=created,
            status=status,
            quantity=quantity,
            dispatches=dispatches,
            transitions=transitions,
            started_at=started_at,
            completed_at=completed_at,
            cancelled_at=cancelled_at,
            hold_reason=hold_reason,
            cancel_reason=cancel_reason,
            close_reason=close_reason,
        )

    def report_line(self, number: str, created: datetime, capacity: int) -> None:
        """A large running order whose one dispatch can take `capacity` more pieces."""
        quantity = math.ceil(capacity / 0.8 / 1000) * 1000
        dispatches = self.dispatches_for(quantity, ["in_progress"])
        started_at = self.between(created, self.now - timedelta(hours=2))
        self.run(dispatches, started_at, self.now - timedelta(minutes=30), most=0.2)
        self.write_order(
            number=number,
            created=created,
            status="in_progress",
            quantity=quantity,
            dispatches=dispatches,
            transitions=1,
            started_at=started_at,
        )
        # The line's one dispatch is the last dispatch written.
        self.data.report_dispatch_ids.append(self.data.dispatches[-1][0])


def build_seed(
    identity: Identity,
    *,
    orders: int,
    connections: int,
    seconds: int,
    now: datetime,
    with_operations: bool = True,
) -> SeedData:
    """Every row to insert for `orders` work orders, report lines sized for the run; a third
    of the orders with operations if `with_operations` (the schema has them)."""
    counts = status_counts(orders)
    lines = min(MAX_REPORT_LINES, counts["in_progress"])
    capacity = report_capacity(connections=connections, seconds=seconds, lines=lines)
    builder = _Builder(identity, now, with_operations=with_operations)
    builder.master_data()
    builder.orders(counts, lines, capacity)
    builder.data.report_capacity = capacity
    return builder.data
