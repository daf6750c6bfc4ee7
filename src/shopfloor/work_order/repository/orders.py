"""Statements over work orders, scoped to one organisation (live orders only)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    RowMapping,
    Select,
    and_,
    bindparam,
    exists,
    extract,
    func,
    not_,
    select,
    true,
)

from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.repository import LOCKED, ScopedRepository
from shopfloor.work_order.constants import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    WorkOrderSortField,
    WorkOrderStatus,
)
from shopfloor.work_order.models import Dispatch, ProductionReport, WorkOrder
from shopfloor.work_order.repository.operations import operations_column
from shopfloor.work_order.schemas import WorkOrderFilters

SORT_COLUMNS: dict[WorkOrderSortField, Any] = {
    WorkOrderSortField.ORDER_NUMBER: WorkOrder.order_number,
    WorkOrderSortField.PRIORITY: WorkOrder.priority,
    WorkOrderSortField.DUE_DATE: WorkOrder.due_date,
    WorkOrderSortField.STATUS: WorkOrder.status,
    WorkOrderSortField.QUANTITY: WorkOrder.quantity,
    WorkOrderSortField.PLANNED_START_AT: WorkOrder.planned_start_at,
    WorkOrderSortField.CREATED_AT: WorkOrder.created_at,
    WorkOrderSortField.UPDATED_AT: WorkOrder.updated_at,
    WorkOrderSortField.ID: WorkOrder.id,
}
NULLABLE_SORT_FIELDS = frozenset({WorkOrderSortField.DUE_DATE, WorkOrderSortField.PLANNED_START_AT})

# Reads select the tables' columns, not ORM entities: a read-only answer needs no identity
# map or change tracking, and its values can be kept between requests as they are. They
# select the table itself rather than its columns one by one, which SQLAlchemy builds into a
# statement several times faster, and take each row's values by position.
ORDERS = WorkOrder.__table__
DISPATCHES = Dispatch.__table__
ORDER_KEYS = tuple(column.name for column in ORDERS.c)
DISPATCH_KEYS = tuple(column.name for column in DISPATCHES.c)
# Where a by-id row holds its dispatch's id: NULL for an order without dispatches.
_DISPATCH_ID_AT = len(ORDER_KEYS) + DISPATCH_KEYS.index("id")
_DISPATCHES_END = len(ORDER_KEYS) + len(DISPATCH_KEYS)


@dataclass(frozen=True, slots=True)
class OrderWithDispatches:
    """One order's columns, its operations' (by seq) and its dispatches' (in sequence
    order), as read by id; kept between requests, so never changed."""

    order: dict[str, Any]
    dispatches: tuple[dict[str, Any], ...]
    operations: tuple[dict[str, Any], ...] = ()


def order_values(row: Sequence[Any]) -> dict[str, Any]:
    """The work_order columns at the start of a row, by name."""
    return dict(zip(ORDER_KEYS, row, strict=False))


def status_in(statuses: Iterable[WorkOrderStatus]) -> ColumnElement[bool]:
    """`status IN (...)` with the values written into the SQL, not bound.

    The values come from the status enum, so inlining them is safe, and it lets PostgreSQL
    match the partial index of open orders even in a cached, generic plan.
    """
    values = sorted(status.value for status in statuses)
    return WorkOrder.status.in_(
        bindparam("status", values, unique=True, expanding=True, literal_execute=True)
    )


def overdue_condition(today: date | ColumnElement[date]) -> ColumnElement[bool]:
    """Due before today and still open; orders without a due date are never overdue."""
    return and_(
        WorkOrder.due_date.is_not(None),
        WorkOrder.due_date < today,
        status_in(OPEN_STATUSES),
    )


def list_order_by(sort: Iterable[tuple[str, bool]]) -> list[ColumnElement[Any]]:
    order_by: list[ColumnElement[Any]] = []
    for name, descending in sort:
        field = WorkOrderSortField(name)
        column = SORT_COLUMNS[field]
        clause = column.desc() if descending else column.asc()
        if descending and field in NULLABLE_SORT_FIELDS:
            clause = clause.nulls_last()  # orders without a date stay at the end either way
        order_by.append(clause)
    return order_by


# Filters whose value is compared as it is; `overdue` and `q` have their own parameters.
_FILTER_PARAMETERS = (
    "customer_id",
    "item_id",
    "product_model",
    "priority_min",
    "priority_max",
    "due_from",
    "due_to",
    "work_center_id",
)


def escape_like(text: str) -> str:
    """`text` for LIKE with `/` as the escape character: its `%` and `_` match themselves."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


@dataclass(frozen=True, slots=True)
class ListShape:
    """What decides the SQL of a list request: which filters are set, the statuses and the
    sort. The filters' values, the organisation and the page are parameters."""

    statuses: tuple[WorkOrderStatus, ...]
    present: frozenset[str]
    overdue: bool | None
    sort: tuple[tuple[str, bool], ...]

    @classmethod
    def of(cls, filters: WorkOrderFilters) -> ListShape:
        present = {name for name in _FILTER_PARAMETERS if getattr(filters, name) is not None}
        if filters.q:
            present.add("q")
        return cls(
            statuses=tuple(sorted(set(filters.statuses))),
            present=frozenset(present),
            overdue=filters.overdue,
            sort=filters.sort,
        )


def list_conditions(shape: ListShape) -> list[ColumnElement[bool]]:
    """The list's WHERE, the organisation's scope included, with named parameters."""
    conditions = [*WorkOrderRepository.shared_conditions(), status_in(shape.statuses)]
    present = shape.present
    if "customer_id" in present:
        conditions.append(WorkOrder.customer_id == bindparam("customer_id"))
    if "item_id" in present:
        conditions.append(WorkOrder.item_id == bindparam("item_id"))
    if "product_model" in present:
        conditions.append(WorkOrder.product_model == bindparam("product_model"))
    if "priority_min" in present:
        conditions.append(WorkOrder.priority >= bindparam("priority_min"))
    if "priority_max" in present:
        conditions.append(WorkOrder.priority <= bindparam("priority_max"))
    if "due_from" in present:
        conditions.append(WorkOrder.due_date >= bindparam("due_from"))
    if "due_to" in present:
        conditions.append(WorkOrder.due_date <= bindparam("due_to"))
    if shape.overdue is not None:
        overdue = overdue_condition(bindparam("today", type_=Date))
        conditions.append(overdue if shape.overdue else not_(overdue))
    if "work_center_id" in present:
        # EXISTS, not a join: an order with three dispatches there is still one row.
        conditions.append(
            exists().where(
                Dispatch.work_order_id == WorkOrder.id,
                Dispatch.organization_id == bindparam(WorkOrderRepository.SCOPE_PARAMETER),
                Dispatch.work_center_id == bindparam("work_center_id"),
            )
        )
    if "q" in present:
        conditions.append(WorkOrder.order_number.icontains(bindparam("q"), escape="/"))
    return conditions


@functools.lru_cache(maxsize=256)
def list_statements(shape: ListShape) -> tuple[Select[Any], Select[Any]]:
    """A list page, each row carrying the total as its last column, and the count alone.

    Built once per shape and kept: building costs more than running. The total is an
    uncorrelated subquery PostgreSQL runs once, so the page and its count are one round trip.
    """
    conditions = list_conditions(shape)
    count = select(func.count()).select_from(ORDERS).where(*conditions)
    page = (
        select(ORDERS, count.correlate(None).scalar_subquery())
        .where(*conditions)
        .order_by(*list_order_by(shape.sort))
        .offset(bindparam("page_offset", type_=Integer))
        .limit(bindparam("page_limit", type_=Integer))
    )
    return page, count


class WorkOrderRepository(ScopedRepository[WorkOrder]):
    """Locks are always taken in the same order: the work order first, then its dispatches.

    Every change to a dispatch (edit, action, report) holds its order's lock, so while a
    transaction holds an order's lock the order's dispatches cannot change under it either.
    """

    model = WorkOrder

    # -- locks ----------------------------------------------------------------------------

    async def lock_by_id(self, work_order_id: uuid.UUID) -> WorkOrder | None:
        return await self.get_by_id(work_order_id, for_update=True)

    async def lock_of_dispatch(self, dispatch_id: uuid.UUID) -> WorkOrder | None:
        """Lock the order a dispatch of this organisation belongs to."""
        order_id = (
            select(Dispatch.work_order_id)
            .where(Dispatch.id == dispatch_id, Dispatch.organization_id == self.organization_id)
            .scalar_subquery()
        )
        statement = (
            self.base_statement().where(WorkOrder.id == order_id).with_for_update(key_share=True)
        )
        result = await self.db_session.execute(statement, execution_options=LOCKED)
        return result.scalar_one_or_none()

    # -- one order ------------------------------------------------------------------------

    def with_dispatches_statement(self, work_order_id: uuid.UUID) -> Select[Any]:
        """The order's columns, then one dispatch's per row (NULLs for an order without any),
        then the order's operations."""
        return (
            select(ORDERS, DISPATCHES, operations_column())
            .select_from(ORDERS.outerjoin(DISPATCHES, Dispatch.work_order_id == WorkOrder.id))
            .where(*self.conditions(), WorkOrder.id == work_order_id)
            .order_by(Dispatch.sequence, Dispatch.id)
        )

    async def get_with_dispatches(self, work_order_id: uuid.UUID) -> OrderWithDispatches | None:
        """The order, its operations and all its dispatches in one statement."""
        rows = (await self.db_session.execute(self.with_dispatches_statement(work_order_id))).all()
        if not rows:
            return None
        split = len(ORDER_KEYS)
        return OrderWithDispatches(
            order=order_values(rows[0]),
            dispatches=tuple(
                dict(zip(DISPATCH_KEYS, row[split:_DISPATCHES_END], strict=True))
                for row in rows
                if row[_DISPATCH_ID_AT] is not None
            ),
            operations=tuple(rows[0][_DISPATCHES_END]),
        )

    async def number_taken(self, order_number: str) -> bool:
        """Whether a live order of the organisation has this number."""
        return await self.exists(
            self.base_statement().where(WorkOrder.order_number == order_number)
        )

    async def status_of(self, work_order_id: uuid.UUID) -> str | None:
        statement = self.select_columns(self.column("status")).where(WorkOrder.id == work_order_id)
        status: str | None = (await self.db_session.execute(statement)).scalar_one_or_none()
        return status

    # -- the list -------------------------------------------------------------------------

    def list_parameters(
        self, filters: WorkOrderFilters, params: PageParams, *, today: date
    ) -> dict[str, Any]:
        """The values of the list statement's parameters (see `list_statements`)."""
        values: dict[str, Any] = {
            **self.scope_parameters(),
            "page_offset": params.offset,
            "page_limit": params.page_size,
        }
        for name in _FILTER_PARAMETERS:
            value = getattr(filters, name)
            if value is not None:
                values[name] = value
        if filters.overdue is not None:
            values["today"] = today
        if filters.q:
            values["q"] = escape_like(filters.q)
        return values

    def list_statement(
        self, filters: WorkOrderFilters, params: PageParams, *, today: date
    ) -> Select[Any]:
        """One page of the list with its values bound, as `list_page` runs it."""
        page, _ = list_statements(ListShape.of(filters))
        return page.params(self.list_parameters(filters, params, today=today))

    async def list_page(
        self, filters: WorkOrderFilters, params: PageParams, *, today: date
    ) -> Page[dict[str, Any]]:
        """A page of orders (their columns by name) and the total across all pages.

        An empty page past the first cannot carry the total: it is counted on its own then.
        """
        page, count = list_statements(ListShape.of(filters))
        values = self.list_parameters(filters, params, today=today)
        # The page selects table columns, not entities: run on the session's connection,
        # past the ORM's result processing, which it would only pass through.
        connection = await self.db_session.connection()
        rows = (await connection.execute(page, values)).all()
        if rows:
            total = int(rows[0][-1])
        elif params.offset == 0:
            total = 0
        else:
            total = int((await self.db_session.execute(count, values)).scalar_one())
        return Page(
            items=[order_values(row) for row in rows],
            total=total,
            page=params.page,
            page_size=params.page_size,
        )

    # -- figures --------------------------------------------------------------------------

    def summary_statement(self, *, today: date, from_date: date, to_date: date) -> Select[Any]:
        """Counts by status, overdue and due soon today, and the period's completions and
        output, as one row; the period is [from 00:00, to + 1 day 00:00) in UTC."""
        live = and_(*self.conditions())
        due_soon = and_(
            status_in(OPEN_STATUSES),
            WorkOrder.due_date >= today,
            WorkOrder.due_date < today + timedelta(days=DUE_SOON_DAYS),
        )
        counts = (
            select(
                *(
                    func.count().filter(WorkOrder.status == status.value).label(status.value)
                    for status in WorkOrderStatus
                ),
                func.count().filter(overdue_condition(today)).label("overdue"),
                func.count().filter(due_soon).label("due_soon"),
            )
            .where(live)
            .cte("counts")
        )
        period_start = datetime.combine(from_date, time.min, tzinfo=UTC)
        period_end = datetime.combine(to_date + timedelta(days=1), time.min, tzinfo=UTC)
        completed = (
            select(
                func.count().label("completed_orders"),
                func.avg(extract("epoch", WorkOrder.completed_at - WorkOrder.started_at)).label(
                    "lead_time_s"
                ),
            )
            .where(
                live, WorkOrder.completed_at >= period_start, WorkOrder.completed_at < period_end
            )
            .cte("completed")
        )
        produced = (
            select(
                func.coalesce(func.sum(ProductionReport.good_qty), 0).label("produced_qty"),
                func.coalesce(func.sum(ProductionReport.scrap_qty), 0).label("scrap_qty"),
            )
            .where(
                ProductionReport.organization_id == self.organization_id,
                ProductionReport.to_time >= period_start,
                ProductionReport.to_time < period_end,
            )
            .cte("produced")
        )
        # Each CTE is one row: a cross join of the three is the one answer row.
        return select(counts, completed, produced).select_from(
            counts.join(completed, true()).join(produced, true())
        )

    async def summary(self, *, today: date, from_date: date, to_date: date) -> RowMapping:
        statement = self.summary_statement(today=today, from_date=from_date, to_date=to_date)
        row: RowMapping = (await self.db_session.execute(statement)).mappings().one()
        return row
