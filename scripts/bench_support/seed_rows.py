"""The shape of the benchmark's seed: the columns it copies, the fixed vocabulary of its
rows, what it hands to the run, and the orders the by-id read rotates over."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

SEED = 20261125
BY_ID_SAMPLE = 1000
# Every OPERATIONS_EVERY-th order (report lines aside) has operations; as many of the by-id
# sample's orders are drawn from them.
OPERATIONS_EVERY = 3

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
PRIORITY_WEIGHTS = (1, 2, 4, 6, 10, 6, 4, 3, 2, 1)  # priorities 1..10, 5 the usual one
PRODUCT_FAMILIES = ("BRK", "HSG", "FRM", "PNL", "SHF", "CVR", "MNT", "RAL")
MODELS_PER_FAMILY = 5
SCRAP_REASONS = ("Surface scratches", "Dimension out of tolerance", "Weld porosity")
NOTES = ("Rush order", "Pack in crates of 20", "Customer supplies the fasteners")
HOLD_REASONS = ("Waiting for material", "Machine breakdown", "Quality check pending")
CANCEL_REASONS = ("Customer cancelled", "Duplicate order", "Design changed")

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
# Copied as the dispatch's last column when the schema has operations.
DISPATCH_OPERATION_COLUMN = "operation_id"
OPERATION_COLUMNS = (
    "id", "organization_id", "work_order_id", "seq", "name", "work_center_id", "setup_min",
    "run_s_per_unit", "instructions", "status", "good_qty", "scrap_qty", "skip_reason",
    "version", "created_at", "updated_at",
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
    with_operations: bool = False
    work_centers: list[Row] = field(default_factory=list)
    customers: list[Row] = field(default_factory=list)
    orders: list[Row] = field(default_factory=list)
    operations: list[Row] = field(default_factory=list)
    dispatches: list[Row] = field(default_factory=list)
    reports: list[Row] = field(default_factory=list)
    order_ids: list[uuid.UUID] = field(default_factory=list)
    operation_order_ids: list[uuid.UUID] = field(default_factory=list)
    report_dispatch_ids: list[uuid.UUID] = field(default_factory=list)
    report_capacity: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def dispatch_columns(self) -> tuple[str, ...]:
        if self.with_operations:
            return (*DISPATCH_COLUMNS, DISPATCH_OPERATION_COLUMN)
        return DISPATCH_COLUMNS


@dataclass(slots=True)
class DispatchPlan:
    """A dispatch before it is written; `operation` is its index in the order's operations."""

    work_center: int
    planned: int
    status: str
    good: int = 0
    scrap: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    transitions: int = 0
    operation: int | None = None


@dataclass(slots=True)
class OperationPlan:
    """An order's operation before it is written: its quantities are its dispatch's."""

    seq: int
    work_center: int
    status: str
    setup_min: float
    run_s_per_unit: float
    good: int = 0
    scrap: int = 0


def by_id_sample(data: SeedData, size: int = BY_ID_SAMPLE) -> list[uuid.UUID]:
    """The orders the by-id read rotates over: a fixed spread over every status, a third of
    them (1 in OPERATIONS_EVERY) orders with operations when the seed has them."""
    order_ids = data.order_ids
    rng = random.Random(len(order_ids))  # noqa: S311 - a fixed spread, not a secret
    if not data.operation_order_ids:
        return rng.sample(order_ids, min(size, len(order_ids)))
    with_operations = set(data.operation_order_ids)
    plain = [order_id for order_id in order_ids if order_id not in with_operations]
    from_operations = min(size // OPERATIONS_EVERY, len(data.operation_order_ids))
    sample = rng.sample(data.operation_order_ids, from_operations)
    sample += rng.sample(plain, min(size - from_operations, len(plain)))
    rng.shuffle(sample)
    return sample
