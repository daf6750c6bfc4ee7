"""Reads: the order list and detail, dispatch lists, a station's queue, reports, history."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    Date,
    FromClause,
    Integer,
    Select,
    String,
    Uuid,
    and_,
    any_,
    bindparam,
    cast,
    exists,
    func,
    not_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.audit.schemas import AuditHistoryEntry
from shopfloor.core.direct_reads import DirectRead
from shopfloor.core.pagination import Page, PageParams
from shopfloor.work_center import service as work_center_service
from shopfloor.work_order.constants import (
    OPEN_STATUSES,
    RESOURCE_TYPE,
    DispatchStatus,
    WorkOrderSortField,
    WorkOrderStatus,
)
from shopfloor.work_order.exceptions import DispatchNotFoundError, WorkOrderNotFoundError
from shopfloor.work_order.models import Dispatch, WorkOrder
from shopfloor.work_order.read_cache import ListCache, OrderCache, OrderRowCache
from shopfloor.work_order.schemas import (
    DispatchRead,
    StationDispatchRead,
    WorkOrderFilters,
    WorkOrderRead,
)
from shopfloor.work_order.service import clock, views

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


# -- work orders ----------------------------------------------------------------------------


def _visible(organization_id: uuid.UUID) -> list[ColumnElement[bool]]:
    return [WorkOrder.organization_id == organization_id, WorkOrder.deleted_at.is_(None)]


def _response_columns(table: FromClause, model: type[BaseModel]) -> tuple[ColumnElement[Any], ...]:
    """The table's columns that `model` shows, in the model's order, for a plain answer.

    A column the model does not declare never reaches the answer. UUIDs are read as text:
    they only go into JSON, and the driver's UUID objects cost more to make and to encode
    than the text they end up as.
    """
    return tuple(
        cast(column, String).label(name) if isinstance(column.type, Uuid) else column
        for name in model.model_fields
        if (column := table.c.get(name)) is not None
    )


# Plain columns, not ORM entities, for the list page and the by-id read: a read-only answer
# needs no identity map or change tracking, and skipping them is most of its cost.
_ORDER_COLUMNS = _response_columns(WorkOrder.__table__, WorkOrderRead)
_DISPATCH_COLUMNS = _response_columns(Dispatch.__table__, DispatchRead)
_ORDER_KEYS = tuple(column.name for column in _ORDER_COLUMNS)
_DISPATCH_KEYS = tuple(column.name for column in _DISPATCH_COLUMNS)
_ORGANIZATION_AT = _ORDER_KEYS.index("organization_id")
_ID_AT = _ORDER_KEYS.index("id")

# The list's statements depend on which filters are set, the statuses and the sort, never on
# the values, which are bound at execution. Built once per shape and kept: building and
# hashing a statement costs more than running it.
_LIST_SHAPES_MAX = 256
_list_shapes: dict[tuple[Any, ...], ListStatements] = {}
_LIKE_ESCAPE = "/"
_TOTAL = "total_rows"  # the page's last column: how many rows match across all pages
_PAGE_BOUNDS = frozenset({"offset", "limit"})


def _list_shape(filters: WorkOrderFilters) -> tuple[Any, ...]:
    return (
        filters.statuses,
        filters.customer_id is not None,
        filters.product_model is not None,
        filters.priority_min is not None,
        filters.priority_max is not None,
        filters.due_from is not None,
        filters.due_to is not None,
        filters.overdue,
        filters.work_center_id is not None,
        bool(filters.q),
        filters.sort,
    )


def list_conditions(filters: WorkOrderFilters) -> list[ColumnElement[bool]]:
    """The list's WHERE for the filters that are set, every value a named bound parameter.

    `list_values` supplies the values.
    """
    organization_id = bindparam("organization_id", type_=Uuid())
    conditions = [WorkOrder.organization_id == organization_id, WorkOrder.deleted_at.is_(None)]
    conditions.append(status_in(filters.statuses))
    if filters.customer_id is not None:
        conditions.append(WorkOrder.customer_id == bindparam("customer_id"))
    if filters.product_model is not None:
        conditions.append(WorkOrder.product_model == bindparam("product_model"))
    if filters.priority_min is not None:
        conditions.append(WorkOrder.priority >= bindparam("priority_min"))
    if filters.priority_max is not None:
        conditions.append(WorkOrder.priority <= bindparam("priority_max"))
    if filters.due_from is not None:
        conditions.append(WorkOrder.due_date >= bindparam("due_from"))
    if filters.due_to is not None:
        conditions.append(WorkOrder.due_date <= bindparam("due_to"))
    if filters.overdue is not None:
        overdue = overdue_condition(bindparam("today", type_=Date()))
        conditions.append(overdue if filters.overdue else not_(overdue))
    if filters.work_center_id is not None:
        # EXISTS, not a join: an order with three dispatches there is still one row.
        conditions.append(
            exists().where(
                Dispatch.work_order_id == WorkOrder.id,
                Dispatch.organization_id == organization_id,
                Dispatch.work_center_id == bindparam("work_center_id"),
            )
        )
    if filters.q:
        # What icontains(autoescape=True) does to a literal, for a bound value.
        conditions.append(
            WorkOrder.order_number.icontains(bindparam("q", type_=String()), escape=_LIKE_ESCAPE)
        )
    return conditions


def list_values(
    organization_id: uuid.UUID, filters: WorkOrderFilters, params: PageParams, *, today: date
) -> dict[str, Any]:
    """The bound values of the list's statements for these filters and this page."""
    values: dict[str, Any] = {
        "organization_id": organization_id,
        "offset": params.offset,
        "limit": params.page_size,
    }
    optional = {
        "customer_id": filters.customer_id,
        "product_model": filters.product_model,
        "priority_min": filters.priority_min,
        "priority_max": filters.priority_max,
        "due_from": filters.due_from,
        "due_to": filters.due_to,
        "work_center_id": filters.work_center_id,
    }
    values.update((name, value) for name, value in optional.items() if value is not None)
    if filters.overdue is not None:
        values["today"] = today
    if filters.q:
        escaped = filters.q.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
        values["q"] = escaped.replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_")
    return values


@dataclass(frozen=True, slots=True)
class ListStatements:
    """The statements of one filter shape (see `list_statements`)."""

    shape: tuple[Any, ...]
    count: DirectRead  # the total alone
    page: DirectRead  # the page's columns, and the total as the last column
    counted_keys: DirectRead  # the page's ids (as text) and versions, and the total
    keys: DirectRead  # the page's ids (as text) and versions alone


def list_statements(filters: WorkOrderFilters) -> ListStatements:
    """The statements for the shape of `filters` (built once per shape).

    A page carries the count as its last column, an uncorrelated subquery PostgreSQL runs
    once: one round trip for both. The count statement alone serves an empty page past the
    first, whose rows cannot carry it. The statements of keys serve a page whose rows and
    total the list's caches may hold (see `list_work_orders`).
    """
    shape = _list_shape(filters)
    statements = _list_shapes.get(shape)
    if statements is None:
        conditions = list_conditions(filters)
        count = select(func.count()).select_from(WorkOrder).where(*conditions)
        total = count.correlate(None).scalar_subquery().label(_TOTAL)

        def paged(*columns: ColumnElement[Any]) -> DirectRead:
            return DirectRead(
                select(*columns)
                .where(*conditions)
                .order_by(*list_order_by(filters))
                .offset(bindparam("offset", type_=Integer()))
                .limit(bindparam("limit", type_=Integer()))
            )

        keys = (cast(WorkOrder.id, String).label("id"), WorkOrder.__table__.c.version)
        statements = ListStatements(
            shape=shape,
            count=DirectRead(count),
            page=paged(*_ORDER_COLUMNS, total),
            counted_keys=paged(*keys, total),
            keys=paged(*keys),
        )
        if len(_list_shapes) >= _LIST_SHAPES_MAX:
            _list_shapes.pop(next(iter(_list_shapes)))
        _list_shapes[shape] = statements
    return statements


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


def list_order_by(filters: WorkOrderFilters) -> list[ColumnElement[Any]]:
    order_by: list[ColumnElement[Any]] = []
    for name, descending in filters.sort:
        field = WorkOrderSortField(name)
        column = SORT_COLUMNS[field]
        clause = column.desc() if descending else column.asc()
        if descending and field in NULLABLE_SORT_FIELDS:
            clause = clause.nulls_last()  # orders without a date stay at the end either way
        order_by.append(clause)
    return order_by


def list_statement(
    organization_id: uuid.UUID, filters: WorkOrderFilters, params: PageParams, *, today: date
) -> Select[Any]:
    """The page statement with its values bound (for EXPLAIN; requests bind at execution)."""
    page = list_statements(filters).page
    return page.statement.params(list_values(organization_id, filters, params, today=today))


async def list_work_orders(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: WorkOrderFilters,
    params: PageParams,
    permissions: frozenset[str],
    cache: ListCache | None = None,
) -> Page[dict[str, Any]]:
    """A page of orders as plain data in the shape of `WorkOrderRead` (see views).

    With `cache` answering (read requests only), a page this worker answered since the last
    change is answered again as it was. Another page is read as ids and versions and each
    row comes from the cache when it holds that version of it; the rows it lacks are read in
    one more statement and kept, and so is the page (see read_cache.py).
    """
    statements = list_statements(filters)
    values = list_values(organization_id, filters, params, today=clock.today())
    if cache is None or not cache.answering:
        # Plain columns on the driver (`core.direct_reads`): the ORM execution layer would
        # add nothing to a read-only page but its own cost.
        page = await statements.page.fetch(db_session, values)
        carried = _carried_total(page, offset=params.offset)
        if carried is None:
            carried = int(await statements.count.scalar(db_session, values))
        items = [views.work_order_item(_ORDER_KEYS, row[:-1]) for row in page]
        return _answer(items, carried, params, permissions)
    # Every bound value is in the key, the day of `overdue` included, and the permissions
    # the allowed actions come from.
    page_key = (statements.shape, tuple(values.items()), permissions)
    answered = cache.pages.get(page_key)
    if answered is None:
        generation = cache.pages.generation
        items, total = await _cached_page(db_session, organization_id, statements, values, cache)
        answered = _answer(items, total, params, permissions)
        cache.pages.put(page_key, answered, generation)
    return answered


def _answer(
    items: Iterable[dict[str, Any]], total: int, params: PageParams, permissions: frozenset[str]
) -> Page[dict[str, Any]]:
    return Page(
        items=views.with_allowed_actions(items, permissions),
        total=total,
        page=params.page,
        page_size=params.page_size,
    )


async def _cached_page(
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    statements: ListStatements,
    values: dict[str, Any],
    cache: ListCache,
) -> tuple[list[dict[str, Any]], int]:
    """The page's orders and the filter's total, taking what the list's caches hold.

    A total from memory is used only where the page agrees with it: a page that is not full
    tells the total itself, and a full one must not reach past the total.
    """
    offset, limit = values["offset"], values["limit"]
    total_key = (
        statements.shape,
        tuple(item for item in values.items() if item[0] not in _PAGE_BOUNDS),
    )
    generation = cache.totals.generation
    kept = cache.totals.get(total_key)
    if kept is None:
        keys = await statements.counted_keys.fetch(db_session, values)
        total = _carried_total(keys, offset=offset)
    else:
        keys = await statements.keys.fetch(db_session, values)
        total = _total_agreeing(kept, len(keys), offset=offset, limit=limit)
    if total is None:
        total = int(await statements.count.scalar(db_session, values))
    cache.totals.put(total_key, total, generation)
    return await _page_items(db_session, organization_id, keys, cache.rows), total


def _carried_total(rows: Sequence[Sequence[Any]], *, offset: int) -> int | None:
    """The total a page that carries it as its last column tells: none on an empty page past
    the first, whose rows cannot carry it (count it then)."""
    if rows:
        return int(rows[0][-1])
    return 0 if offset == 0 else None


def _total_agreeing(kept: int, rows: int, *, offset: int, limit: int) -> int | None:
    """The total a page of `rows` rows tells, or `kept` if the page agrees with it; None
    when the total must be counted again."""
    if 0 < rows < limit or (rows == 0 and offset == 0):
        return offset + rows
    if rows == limit:
        return kept if kept >= offset + rows else None
    return kept if kept <= offset else None  # an empty page past the first


# The rows of a page that the cache lacks, by id (the ids as text, as the page read them).
_ORDERS_BY_ID = DirectRead(
    select(*_ORDER_COLUMNS).where(
        WorkOrder.organization_id == bindparam("organization_id"),
        WorkOrder.deleted_at.is_(None),
        WorkOrder.id == any_(cast(bindparam("ids", type_=ARRAY(String())), ARRAY(Uuid()))),
    )
)


async def _page_items(
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    keys: Sequence[Sequence[Any]],
    cache: OrderRowCache,
) -> list[dict[str, Any]]:
    """The orders of a page read as (id, version, total), as `views.work_order_item`s: from
    the cache when it holds that version, the others read in one statement and kept."""
    generation = cache.generation
    found: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    for order_id, version, *_total in keys:
        item = cache.get(order_id)
        if item is not None and item["version"] == version:
            found[order_id] = item
        else:
            missing.append(order_id)
    if missing:
        rows = await _ORDERS_BY_ID.fetch(
            db_session, {"organization_id": organization_id, "ids": missing}
        )
        for row in rows:
            item = views.work_order_item(_ORDER_KEYS, row)
            found[row[_ID_AT]] = item
            cache.put(row[_ID_AT], item, generation)
    # An order deleted since the page was read is left out.
    return [found[key[0]] for key in keys if key[0] in found]


# Built once: the by-id read is the hottest path, and a prepared statement object skips
# rebuilding and re-hashing the query on every request. The order's columns, then its
# dispatches' (one row per dispatch, NULLs for an order without any).
_ORDER_WITH_DISPATCHES = DirectRead(
    select(
        *_ORDER_COLUMNS,
        *(column.label(f"dispatch_{column.name}") for column in _DISPATCH_COLUMNS),
    )
    .select_from(WorkOrder.__table__)
    .outerjoin(Dispatch.__table__, Dispatch.work_order_id == WorkOrder.id)
    .where(
        WorkOrder.id == bindparam("work_order_id"),
        WorkOrder.organization_id == bindparam("organization_id"),
        WorkOrder.deleted_at.is_(None),
    )
    .order_by(Dispatch.sequence, Dispatch.id)
)


async def get_work_order(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    permissions: frozenset[str],
    cache: OrderCache | None = None,
) -> dict[str, Any]:
    """The order with its dispatches in one statement, however many dispatches it has, as
    plain data in the shape of `WorkOrderDetail` (see views).

    With `cache` (read requests only) the rows may come from memory, and rows read from the
    database are kept there (see read_cache.py).
    """
    rows = cache.get(work_order_id) if cache is not None else None
    if rows is None or rows[0][_ORGANIZATION_AT] != str(organization_id):
        generation = cache.generation if cache is not None else 0
        rows = tuple(
            await _ORDER_WITH_DISPATCHES.fetch(
                db_session, {"work_order_id": work_order_id, "organization_id": organization_id}
            )
        )
        if not rows:
            raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
        if cache is not None:
            cache.put(work_order_id, rows, generation)
    split = len(_ORDER_KEYS)
    order = dict(zip(_ORDER_KEYS, rows[0][:split], strict=True))
    dispatches = [
        dict(zip(_DISPATCH_KEYS, row[split:], strict=True))
        for row in rows
        if row[split] is not None
    ]
    return views.work_order_detail(order, dispatches, permissions)


async def _order_status(
    db_session: AsyncSession, *, organization_id: uuid.UUID, work_order_id: uuid.UUID
) -> str:
    statement = select(WorkOrder.status).where(
        WorkOrder.id == work_order_id, *_visible(organization_id)
    )
    status = (await db_session.execute(statement)).scalar_one_or_none()
    if status is None:
        raise WorkOrderNotFoundError(params={"id": str(work_order_id)})
    return status


async def work_order_history(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    params: PageParams,
) -> Page[AuditHistoryEntry]:
    """Every audited step of the order, its dispatches and reports, oldest first."""
    await _order_status(db_session, organization_id=organization_id, work_order_id=work_order_id)
    return await audit_service.resource_history(
        db_session=db_session,
        organization_id=organization_id,
        resource_type=RESOURCE_TYPE,
        resource_id=work_order_id,
        params=params,
    )


# -- dispatches -----------------------------------------------------------------------------


async def list_dispatches(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_order_id: uuid.UUID,
    params: PageParams,
    permissions: Collection[str],
) -> Page[DispatchRead]:
    order_status = await _order_status(
        db_session, organization_id=organization_id, work_order_id=work_order_id
    )
    conditions = [
        Dispatch.work_order_id == work_order_id,
        Dispatch.organization_id == organization_id,
    ]
    total = int(
        (
            await db_session.execute(select(func.count()).select_from(Dispatch).where(*conditions))
        ).scalar_one()
    )
    rows: Sequence[Dispatch] = []
    if total > params.offset:
        statement = (
            select(Dispatch)
            .where(*conditions)
            .order_by(Dispatch.sequence, Dispatch.id)
            .offset(params.offset)
            .limit(params.page_size)
        )
        rows = (await db_session.execute(statement)).scalars().all()
    return Page(
        items=[views.dispatch_read(row, order_status, permissions) for row in rows],
        total=total,
        page=params.page,
        page_size=params.page_size,
    )


async def get_dispatch(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    dispatch_id: uuid.UUID,
    permissions: Collection[str],
) -> DispatchRead:
    statement = (
        select(Dispatch, WorkOrder.status)
        .join(WorkOrder, WorkOrder.id == Dispatch.work_order_id)
        .where(
            Dispatch.id == dispatch_id,
            Dispatch.organization_id == organization_id,
            WorkOrder.deleted_at.is_(None),
        )
    )
    row = (await db_session.execute(statement)).one_or_none()
    if row is None:
        raise DispatchNotFoundError(params={"id": str(dispatch_id)})
    dispatch, order_status = row
    return views.dispatch_read(dispatch, order_status, permissions)


async def station_dispatches(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    work_center_id: uuid.UUID,
    statuses: Collection[DispatchStatus],
    params: PageParams,
    permissions: Collection[str],
) -> Page[StationDispatchRead]:
    """A work center's queue: most urgent order first, then step sequence, then due date.

    Within one priority the earlier steps come first, so the station works down the routing
    of every order at that priority before a later step of any one of them.
    """
    await work_center_service.get_work_center(
        db_session=db_session, organization_id=organization_id, work_center_id=work_center_id
    )
    conditions = [
        Dispatch.organization_id == organization_id,
        Dispatch.work_center_id == work_center_id,
        Dispatch.status.in_([status.value for status in statuses]),
        WorkOrder.deleted_at.is_(None),
    ]
    joined = (
        select(func.count())
        .select_from(Dispatch)
        .join(WorkOrder, WorkOrder.id == Dispatch.work_order_id)
    )
    total = int((await db_session.execute(joined.where(*conditions))).scalar_one())
    items: list[StationDispatchRead] = []
    if total > params.offset:
        statement = (
            select(
                Dispatch,
                WorkOrder.order_number,
                WorkOrder.product_model,
                WorkOrder.status,
                WorkOrder.priority,
                WorkOrder.due_date,
            )
            .join(WorkOrder, WorkOrder.id == Dispatch.work_order_id)
            .where(*conditions)
            .order_by(
                WorkOrder.priority.desc(),
                Dispatch.sequence,
                WorkOrder.due_date.asc(),
                Dispatch.id,
            )
            .offset(params.offset)
            .limit(params.page_size)
        )
        for dispatch, number, model, order_status, priority, due in await db_session.execute(
            statement
        ):
            read = StationDispatchRead.model_validate(
                {
                    **DispatchRead.model_validate(dispatch).model_dump(),
                    "order_number": number,
                    "product_model": model,
                    "work_order_status": order_status,
                    "work_order_priority": priority,
                    "work_order_due_date": due,
                }
            )
            read.allowed_actions = views.dispatch_actions(read.status, order_status, permissions)
            items.append(read)
    return Page(items=items, total=total, page=params.page, page_size=params.page_size)
