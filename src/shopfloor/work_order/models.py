"""Tables of the work_order module: orders, operations, dispatches, reports, idempotency keys.

Every index that a list, filter or summary reads leads with `organization_id` (each query is
scoped to one organisation); those on `work_order` are partial on `deleted_at IS NULL` because
deleted orders are never listed. Child rows are indexed by their parent's id, which is only
used once the parent was found in the caller's organisation.
docs/work-orders.md explains which query each index serves.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, query_expression, relationship

from shopfloor.core.models import (
    Base,
    OrganizationScopedMixin,
    SoftDeleteMixin,
    TimestampMixin,
    UUIDPrimaryKeyMixin,
    VersionedMixin,
)
from shopfloor.work_order.constants import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    INSTRUCTIONS_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    OPEN_STATUSES,
    OPERATION_MAX_LENGTH,
    OPERATION_NAME_MAX_LENGTH,
    ORDER_NUMBER_INDEX,
    ORDER_NUMBER_MAX_LENGTH,
    PRIORITY_DEFAULT,
    PRIORITY_MAX,
    PRIORITY_MIN,
    PRODUCT_MODEL_MAX_LENGTH,
    QUANTITY_MAX,
    REASON_MAX_LENGTH,
    REVERSAL_INDEX,
    SCRAP_REASON_MAX_LENGTH,
    STATUS_MAX_LENGTH,
    DispatchStatus,
    OperationStatus,
    WorkOrderStatus,
)


def _one_of(column: str, values: Iterable[str]) -> str:
    return f"{column} IN ({', '.join(repr(str(item)) for item in values)})"


_NOT_DELETED = text("deleted_at IS NULL")


class _FetchServerValues:
    """Read server-set columns (updated_at, created_at) back with RETURNING, not a SELECT."""

    @declared_attr.directive
    def __mapper_args__(self) -> dict[str, Any]:
        return {"version_id_col": self.__table__.c.version, "eager_defaults": True}  # type: ignore[attr-defined]


class WorkOrder(
    _FetchServerValues,
    UUIDPrimaryKeyMixin,
    OrganizationScopedMixin,
    VersionedMixin,
    TimestampMixin,
    SoftDeleteMixin,
    Base,
):
    """What to make, how many, for whom and by when; its status follows the lifecycle."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("order_number", "status")
    __table_args__ = (
        CheckConstraint(f"quantity BETWEEN 1 AND {QUANTITY_MAX}", name="quantity"),
        CheckConstraint("produced_qty >= 0 AND scrap_qty >= 0", name="reported_qty"),
        CheckConstraint(f"priority BETWEEN {PRIORITY_MIN} AND {PRIORITY_MAX}", name="priority"),
        CheckConstraint(_one_of("status", WorkOrderStatus), name="status"),
        CheckConstraint("planned_end_at >= planned_start_at", name="planned_dates"),
        # Order numbers are unique among live orders: a deleted order frees its number.
        Index(
            ORDER_NUMBER_INDEX,
            "organization_id",
            "order_number",
            unique=True,
            postgresql_where=_NOT_DELETED,
        ),
        # Status filters, counts by status, overdue and due-soon figures.
        Index(
            "ix_work_order_status_due",
            "organization_id",
            "status",
            "due_date",
            postgresql_where=_NOT_DELETED,
        ),
        # Completed orders in a date range (summary), with the lead time from the index.
        Index(
            "ix_work_order_completed_at",
            "organization_id",
            "completed_at",
            postgresql_include=["started_at"],
            postgresql_where=text("completed_at IS NOT NULL AND deleted_at IS NULL"),
        ),
        Index(
            "ix_work_order_customer",
            "organization_id",
            "customer_id",
            postgresql_where=_NOT_DELETED,
        ),
        Index(
            "ix_work_order_item",
            "organization_id",
            "item_id",
            postgresql_where=_NOT_DELETED,
        ),
        Index(
            "ix_work_order_product_model",
            "organization_id",
            "product_model",
            postgresql_where=_NOT_DELETED,
        ),
    )

    # Collation "C": byte order, so `order_number LIKE 'WO-2026%'` can use the unique index.
    order_number: Mapped[str] = mapped_column(String(ORDER_NUMBER_MAX_LENGTH, collation="C"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("customer.id", ondelete="RESTRICT")
    )
    item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"))
    # The released routing whose operations the order copied, if any.
    routing_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("routing.id", ondelete="RESTRICT")
    )
    product_model: Mapped[str] = mapped_column(String(PRODUCT_MODEL_MAX_LENGTH))
    quantity: Mapped[int] = mapped_column(Integer)
    produced_qty: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    scrap_qty: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    status: Mapped[str] = mapped_column(
        String(STATUS_MAX_LENGTH),
        default=WorkOrderStatus.PENDING.value,
        server_default=WorkOrderStatus.PENDING.value,
    )
    priority: Mapped[int] = mapped_column(
        SmallInteger, default=PRIORITY_DEFAULT, server_default=text(str(PRIORITY_DEFAULT))
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    planned_start_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    planned_end_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hold_reason: Mapped[str | None] = mapped_column(String(REASON_MAX_LENGTH))
    cancel_reason: Mapped[str | None] = mapped_column(String(REASON_MAX_LENGTH))
    close_reason: Mapped[str | None] = mapped_column(String(REASON_MAX_LENGTH))
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX_LENGTH))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    dispatches: Mapped[list[Dispatch]] = relationship(
        back_populates="work_order",
        order_by=lambda: [Dispatch.sequence, Dispatch.id],
        lazy="raise",
    )


class Dispatch(
    _FetchServerValues,
    UUIDPrimaryKeyMixin,
    OrganizationScopedMixin,
    VersionedMixin,
    TimestampMixin,
    Base,
):
    """One work order's work at one work center: a share of its quantity, run by operators."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("status",)
    __table_args__ = (
        CheckConstraint(f"planned_qty BETWEEN 1 AND {QUANTITY_MAX}", name="planned_qty"),
        CheckConstraint("good_qty >= 0 AND scrap_qty >= 0", name="reported_qty"),
        CheckConstraint(_one_of("status", DispatchStatus), name="status"),
        # The order's dispatches (detail view) and EXISTS (work_center_id) in the order list.
        Index("ix_dispatch_work_order", "work_order_id", "sequence"),
        # A work center's queue.
        Index("ix_dispatch_station", "organization_id", "work_center_id", "status"),
        Index("ix_dispatch_operation", "operation_id"),
    )

    work_order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_order.id", ondelete="RESTRICT")
    )
    work_center_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_center.id", ondelete="RESTRICT")
    )
    operator_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    # The order's operation this dispatch works on; None on orders without operations.
    operation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("work_order_operation.id", ondelete="RESTRICT")
    )
    sequence: Mapped[int] = mapped_column(Integer)
    operation: Mapped[str | None] = mapped_column(String(OPERATION_MAX_LENGTH))
    planned_qty: Mapped[int] = mapped_column(Integer)
    good_qty: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    scrap_qty: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    status: Mapped[str] = mapped_column(
        String(STATUS_MAX_LENGTH),
        default=DispatchStatus.QUEUED.value,
        server_default=DispatchStatus.QUEUED.value,
    )
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX_LENGTH))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    work_order: Mapped[WorkOrder] = relationship(back_populates="dispatches", lazy="raise")


class WorkOrderOperation(
    _FetchServerValues,
    UUIDPrimaryKeyMixin,
    OrganizationScopedMixin,
    VersionedMixin,
    TimestampMixin,
    Base,
):
    """A step of the order's routing, copied when the order was made, with the pieces its
    dispatches reported. Operations sharing a `seq` run side by side."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("seq", "status")
    __table_args__ = (
        CheckConstraint("seq >= 1", name="seq"),
        CheckConstraint("good_qty >= 0 AND scrap_qty >= 0", name="reported_qty"),
        CheckConstraint(_one_of("status", OperationStatus), name="status"),
        Index("ix_work_order_operation_order", "work_order_id", "seq"),
    )

    work_order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_order.id", ondelete="RESTRICT")
    )
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(OPERATION_NAME_MAX_LENGTH))
    work_center_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_center.id", ondelete="RESTRICT")
    )
    setup_min: Mapped[float] = mapped_column(Double)
    run_s_per_unit: Mapped[float] = mapped_column(Double)
    instructions: Mapped[str | None] = mapped_column(String(INSTRUCTIONS_MAX_LENGTH))
    status: Mapped[str] = mapped_column(String(STATUS_MAX_LENGTH))
    good_qty: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    scrap_qty: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    skip_reason: Mapped[str | None] = mapped_column(String(REASON_MAX_LENGTH))


# The default list order (-priority, due_date, id) and the priority range filter (after the
# class: the descending column needs the mapped attribute).
Index(
    "ix_work_order_list_order",
    WorkOrder.organization_id,
    WorkOrder.priority.desc(),
    WorkOrder.due_date,
    WorkOrder.id,
    postgresql_where=WorkOrder.deleted_at.is_(None),
)
# The default view (open orders, most urgent first), read off the index past closed orders.
Index(
    "ix_work_order_open_queue",
    WorkOrder.organization_id,
    WorkOrder.priority.desc(),
    WorkOrder.due_date,
    WorkOrder.id,
    postgresql_where=text(f"deleted_at IS NULL AND {_one_of('status', OPEN_STATUSES)}"),
)
# One status in the default order (`status=pending`, a station's or dashboard's list): the
# page starts at the status and is read off the index without stepping over other orders.
Index(
    "ix_work_order_status_queue",
    WorkOrder.organization_id,
    WorkOrder.status,
    WorkOrder.priority.desc(),
    WorkOrder.due_date,
    WorkOrder.id,
    postgresql_where=WorkOrder.deleted_at.is_(None),
)


class ProductionReport(UUIDPrimaryKeyMixin, OrganizationScopedMixin, Base):
    """Good and scrapped pieces an operator made on a dispatch. Append-only: never changed.

    A reversal is a report too: it takes another report's pieces back with the same
    quantities negated, and names that report in `reverses_id`.
    """

    __table_args__ = (
        # A report adds pieces, a reversal takes them back: never a mix of the two.
        CheckConstraint(
            "(reverses_id IS NULL AND good_qty >= 0 AND scrap_qty >= 0)"
            " OR (reverses_id IS NOT NULL AND good_qty <= 0 AND scrap_qty <= 0)",
            name="quantities",
        ),
        CheckConstraint("good_qty + scrap_qty <> 0", name="not_empty"),
        CheckConstraint("to_time >= from_time", name="times"),
        # A report is reversed once at most; a report's reversal is found by this index.
        Index(
            REVERSAL_INDEX,
            "reverses_id",
            unique=True,
            postgresql_where=text("reverses_id IS NOT NULL"),
        ),
        Index("ix_production_report_dispatch", "dispatch_id", "created_at"),
        # Produced and scrapped quantities in a period (summary), answered from the index.
        Index(
            "ix_production_report_period",
            "organization_id",
            "to_time",
            postgresql_include=["good_qty", "scrap_qty"],
        ),
    )

    dispatch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dispatch.id", ondelete="RESTRICT"))
    work_order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_order.id", ondelete="RESTRICT")
    )
    operator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    good_qty: Mapped[int] = mapped_column(Integer)
    scrap_qty: Mapped[int] = mapped_column(Integer)
    scrap_reason: Mapped[str | None] = mapped_column(String(SCRAP_REASON_MAX_LENGTH))
    from_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the reported pieces were finished; the summary counts them in this period.
    to_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(String(REASON_MAX_LENGTH))
    idempotency_key: Mapped[str | None] = mapped_column(String(IDEMPOTENCY_KEY_MAX_LENGTH))
    reported_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("production_report.id", ondelete="RESTRICT")
    )
    # The reversal of this report, read only where a statement asks for it (the report
    # lists); None elsewhere. Nothing is written back: reports stay append-only.
    reversed_by_id: Mapped[uuid.UUID | None] = query_expression()


class IdempotencyRecord(UUIDPrimaryKeyMixin, OrganizationScopedMixin, Base):
    """The first result of a request sent with an Idempotency-Key, replayed to retries.

    Written in the same transaction as the change it describes, so a key exists only for a
    change that was committed. It keeps the report that request made and the totals the
    report left, not an answer: a retry reads the report again and shows those totals.
    """

    __table_args__ = (
        Index(
            "uq_idempotency_record_organization_id_key",
            "organization_id",
            "key",
            unique=True,
        ),
    )

    key: Mapped[str] = mapped_column(String(IDEMPOTENCY_KEY_MAX_LENGTH, collation="C"))
    scope: Mapped[str] = mapped_column(String(50))
    request_hash: Mapped[str] = mapped_column(String(64))
    # Empty only between the claim and the end of the claiming transaction.
    report_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("production_report.id", ondelete="RESTRICT")
    )
    # The dispatch's and the order's status, quantities and version right after the report.
    totals: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
