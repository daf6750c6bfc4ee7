"""The rows the benchmark seeds: work centers, customers, orders, dispatches and reports.

Generated from a fixed random seed, so every run measures the same shape of data. The
quantities agree the way the service keeps them: an order's produced and scrapped pieces are
the sums over its dispatches, a dispatch's are the sums over its reports, done dispatches
reached their planned quantity, and nothing exceeds what was planned.

A few in-progress orders are large "report lines": one running dispatch each with room for
every production report the benchmark can possibly post, so the report endpoint never
answers 409 for lack of quantity.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

SEED = 20261125

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
PRIORITY_WEIGHTS = (1, 2, 4, 6, 10, 6, 4, 3, 2, 1)  # priorities 1..10, 5 the usual one
MAX_REPORT_LINES = 200
# No loopback connection completes more than this many writes a second; sizing the report
# lines for it leaves room whatever the machine.
MAX_REPORTS_PER_CONNECTION_S = 1000

WORK_CENTERS = (
    ("CUT-01", "Laser cutter 1", "Cutting"),
    ("CUT-02", "Laser cutter 2", "Cutting"),
    ("BEND-01", "Press brake 1", "Bending"),
    ("BEND-02", "Press brake 2", "Bending"),
    ("CNC-01", "Machining center 1", "Milling"),
    ("CNC-02", "Machining center 2", "Milling"),
    ("WELD-01", "Welding cell 1", "Welding"),
    ("WELD-02", "Welding cell 2", "Welding"),
    ("PAINT-01", "Powder coating line", "Coating"),
    ("ASM-01", "Assembly line 1", "Assembly"),
    ("ASM-02", "Assembly line 2", "Assembly"),
    ("QC-01", "Final inspection", "Inspection"),
)
CUSTOMER_WORDS = (
    ("Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware"),
    ("Motors", "Machinery", "Electric", "Cycles", "Robotics", "Appliances", "Marine"),
)
CUSTOMER_COUNT = len(CUSTOMER_WORDS[0]) * len(CUSTOMER_WORDS[1])
PRODUCT_FAMILIES = ("BRK", "HSG", "FRM", "PNL", "SHF", "CVR", "MNT", "RAL")
MODELS_PER_FAMILY = 5
HOLD_REASONS = ("Waiting for material", "Machine breakdown", "Quality check pending")
CANCEL_REASONS = ("Customer cancelled", "Duplicate order", "Design changed")
CLOSE_REASON = "Customer accepted a short delivery"
SCRAP_REASONS = ("Surface scratches", "Dimension out of tolerance", "Weld porosity")
NOTES = ("Rush order", "Pack in crates of 20", "Customer supplies the fasteners")

WORK_CENTER_COLUMNS = (
    "id", "organization_id", "code", "name", "description", "state", "active", "version",
    "created_at", "updated_at",
)  # fmt: skip
CUSTOMER_COLUMNS = (
    "id", "organization_id", "code", "name", "contact_name", "contact_email", "contact_phone",
    "active", "version", "created_at", "updated_at",
)  # fmt: skip
ORDER_COLUMNS = (
    "id", "organization_id", "order_number", "customer_id", "product_model", "quantity",
    "produced_qty", "scrap_qty", "status", "priority", "due_date", "planned_start_at",
    "planned_end_at", "started_at", "completed_at", "cancelled_at", "hold_reason",
    "cancel_reason", "close_reason", "note", "created_by", "updated_by", "version",
    "created_at", "updated_at", "deleted_at",
)  # fmt: skip
DISPATCH_COLUMNS = (
    "id", "organization_id", "work_order_id", "work_center_id", "operator_id", "sequence",
    "operation", "planned_qty", "good_qty", "scrap_qty", "status", "note", "started_at",
    "finished_at", "created_by", "updated_by", "version", "created_at", "updated_at",
)  # fmt: skip
REPORT_COLUMNS = (
    "id", "organization_id", "dispatch_id", "work_order_id", "operator_id", "good_qty",
    "scrap_qty", "scrap_reason", "from_time", "to_time", "note", "idempotency_key",
    "reported_by", "created_at",
)  # fmt: skip

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Identity:
    """The seeded organisation and the accounts that act in it."""

    organization_id: uuid.UUID
    admin_id: uuid.UUID
    supervisor_id: uuid.UUID
    operator_id: uuid.UUID


@dataclass(slots=True)
class SeedData:
    work_centers: list[Row] = field(default_factory=list)
    customers: list[Row] = field(default_factory=list)
    orders: list[Row] = field(default_factory=list)
    dispatches: list[Row] = field(default_factory=list)
    reports: list[Row] = field(default_factory=list)
    order_ids: list[uuid.UUID] = field(default_factory=list)
    report_dispatch_ids: list[uuid.UUID] = field(default_factory=list)
    report_capacity: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Dispatch:
    work_center: int
    planned: int
    status: str
    good: int = 0
    scrap: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    transitions: int = 0


def status_counts(orders: int) -> dict[str, int]:
    """Exact counts per status for `orders`, the remainder going to the largest share."""
    counts = {status: math.floor(orders * share) for status, share in STATUS_MIX}
    counts["pending"] += orders - sum(counts.values())
    return counts


def report_capacity(*, connections: int, seconds: int, lines: int) -> int:
    """Pieces each report line must still take for `seconds` of 1-piece reports."""
    return math.ceil(connections * MAX_REPORTS_PER_CONNECTION_S * seconds / max(lines, 1))


class _Builder:
    def __init__(self, identity: Identity, now: datetime) -> None:
        self.identity = identity
        self.now = now
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible data, not secrets
        self.data = SeedData()
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
        for index, (created, status) in enumerate(plan):
            number = f"WO-{created.year}-{index + 1:06d}"
            if index in lines:
                self.report_line(number, created, capacity)
            else:
                self.order(number, created, status)
        self.data.status_counts = dict(Counter(status for _, status in plan))

    def dispatches_for(self, quantity: int, statuses: list[str]) -> list[_Dispatch]:
        if not statuses:
            return []
        centers = self.rng.sample(range(len(WORK_CENTERS)), len(statuses))
        shares = self.split(quantity, len(statuses))
        return [
            _Dispatch(work_center=center, planned=share, status=status)
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

    def run(
        self, dispatches: list[_Dispatch], start: datetime, end: datetime, most: float = 0.9
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

    def write_order(
        self,
        *,
        number: str,
        created: datetime,
        status: str,
        quantity: int,
        dispatches: list[_Dispatch],
        transitions: int,
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
        reports = 0
        for sequence, dispatch in enumerate(dispatches, start=1):
            reports += self.write_dispatch(order_id, created, sequence, dispatch, planner)
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
                sum(d.good for d in dispatches),
                sum(d.scrap for d in dispatches),
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
                1 + transitions + reports,
                created,
                last_change,
                None,
            )
        )
        self.data.order_ids.append(order_id)
        return order_id

    def write_dispatch(
        self,
        order_id: uuid.UUID,
        created: datetime,
        sequence: int,
        dispatch: _Dispatch,
        planner: uuid.UUID,
    ) -> int:
        """Add the dispatch and its reports; returns how many reports it has."""
        identity = self.identity
        dispatch_id = self.uuid7_at(created)
        code, _, operation = WORK_CENTERS[dispatch.work_center]
        operator = identity.operator_id if dispatch.started_at else None
        reports = self.write_reports(order_id, dispatch_id, dispatch)
        self.data.dispatches.append(
            (
                dispatch_id,
                identity.organization_id,
                order_id,
                self.work_center_ids[dispatch.work_center],
                operator,
                sequence,
                f"{operation} at {code}",
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
        )
        return reports

    def write_reports(self, order_id: uuid.UUID, dispatch_id: uuid.UUID, d: _Dispatch) -> int:
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


def build_seed(
    identity: Identity, *, orders: int, connections: int, seconds: int, now: datetime
) -> SeedData:
    """Every row to insert for `orders` work orders, report lines sized for the run."""
    counts = status_counts(orders)
    lines = min(MAX_REPORT_LINES, counts["in_progress"])
    capacity = report_capacity(connections=connections, seconds=seconds, lines=lines)
    builder = _Builder(identity, now)
    builder.master_data()
    builder.orders(counts, lines, capacity)
    builder.data.report_capacity = capacity
    return builder.data
