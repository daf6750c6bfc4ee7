"""Customers: the module's use cases and its public functions.

Public (other modules call only these, always with keyword arguments):

- `get_customer(*, db_session, organization_id, customer_id) -> CustomerRead`
  Raises `CustomerNotFoundError` (404 CUSTOMER_NOT_FOUND) when the id does not exist or
  belongs to another organisation. Inactive customers are returned.
- `get_customers_by_ids(*, db_session, organization_id, customer_ids) -> dict[UUID, CustomerRead]`
  One query for many ids (to render lists without N+1); ids that do not exist or belong to
  another organisation are simply absent from the result.
- `ensure_orderable(*, db_session, organization_id, customer_id) -> CustomerRead`
  The check before a new work order: 404 CUSTOMER_NOT_FOUND, 409 CUSTOMER_INACTIVE when
  deactivated. The row stays share-locked until the caller's transaction ends, so a
  concurrent deactivation waits for the order to commit instead of slipping past.

Used by this module's router: `list_customers`, `create_customer`, `update_customer`,
`deactivate_customer`, `activate_customer`. Every change is audited in the same
transaction. Functions flush and never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.concurrency import check_version
from shopfloor.core.context import RequestContext
from shopfloor.core.legacy_repository import OrderBy, OrganizationRepository
from shopfloor.core.pagination import Page, PageParams
from shopfloor.customer.constants import RESOURCE_TYPE, AuditAction, CustomerSort
from shopfloor.customer.exceptions import (
    CustomerCodeTakenError,
    CustomerInactiveError,
    CustomerNotFoundError,
)
from shopfloor.customer.models import Customer
from shopfloor.customer.schemas import (
    CustomerCreate,
    CustomerFilters,
    CustomerRead,
    CustomerUpdate,
)

repository = OrganizationRepository(Customer)

# The fields an audit entry compares; server-managed columns are left out.
AUDITED_FIELDS = ("code", "name", "contact_name", "contact_email", "contact_phone", "active")

ORDERINGS: dict[CustomerSort, OrderBy] = {
    CustomerSort.CODE: (Customer.code, Customer.id),
    CustomerSort.CODE_DESC: (Customer.code.desc(), Customer.id.desc()),
    CustomerSort.NAME: (Customer.name, Customer.id),
    CustomerSort.NAME_DESC: (Customer.name.desc(), Customer.id.desc()),
    CustomerSort.CREATED_AT: (Customer.created_at, Customer.id),
    CustomerSort.CREATED_AT_DESC: (Customer.created_at.desc(), Customer.id.desc()),
}


# -- public reads ---------------------------------------------------------------------------


async def get_customer(
    *, db_session: AsyncSession, organization_id: uuid.UUID, customer_id: uuid.UUID
) -> CustomerRead:
    row = await repository.get(db_session, customer_id, organization_id=organization_id)
    if row is None:
        raise CustomerNotFoundError(params={"id": str(customer_id)})
    return CustomerRead.model_validate(row)


async def get_customers_by_ids(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    customer_ids: Collection[uuid.UUID],
) -> dict[uuid.UUID, CustomerRead]:
    if not customer_ids:
        return {}
    rows = await repository.find_all(
        db_session, Customer.id.in_(set(customer_ids)), organization_id=organization_id
    )
    return {row.id: CustomerRead.model_validate(row) for row in rows}


async def ensure_orderable(
    *, db_session: AsyncSession, organization_id: uuid.UUID, customer_id: uuid.UUID
) -> CustomerRead:
    statement = (
        repository.scoped(Customer.id == customer_id, organization_id=organization_id)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    )
    row = (await db_session.execute(statement)).scalar_one_or_none()
    if row is None:
        raise CustomerNotFoundError(params={"id": str(customer_id)})
    if not row.active:
        raise CustomerInactiveError(params={"code": row.code})
    return CustomerRead.model_validate(row)


# -- the module's own use cases -------------------------------------------------------------


async def list_customers(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: CustomerFilters,
    params: PageParams,
) -> Page[CustomerRead]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        conditions.append(
            or_(
                Customer.code.startswith(filters.q.upper(), autoescape=True),
                Customer.name.icontains(filters.q, autoescape=True),
            )
        )
    if filters.active is not None:
        conditions.append(Customer.active == filters.active)
    page = await repository.paginate(
        db_session,
        *conditions,
        organization_id=organization_id,
        params=params,
        order_by=ORDERINGS[filters.sort],
    )
    return Page(
        items=[CustomerRead.model_validate(row) for row in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


async def create_customer(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    data: CustomerCreate,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> CustomerRead:
    # A friendly early answer; the unique constraint still decides between concurrent creates.
    await _ensure_code_free(db_session, organization_id=organization_id, code=data.code)
    row = await repository.create(db_session, organization_id=organization_id, **data.model_dump())
    await audit_service.record(
        db_session=db_session,
        organization_id=organization_id,
        action=AuditAction.CREATED,
        resource_type=RESOURCE_TYPE,
        resource_id=row.id,
        resource_key=row.code,
        actor_id=actor_id,
        actor_role=actor_role,
        changes=audit_service.diff(dict.fromkeys(AUDITED_FIELDS), _audited(row)),
        context=context,
    )
    return CustomerRead.model_validate(row)


async def update_customer(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    customer_id: uuid.UUID,
    data: CustomerUpdate,
    expected_version: int,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> CustomerRead:
    row = await _locked(db_session, organization_id=organization_id, customer_id=customer_id)
    check_version(current=row.version, expected=expected_version)
    values = data.model_dump(exclude_unset=True, mode="json")
    if "code" in values and values["code"] != row.code:
        await _ensure_code_free(db_session, organization_id=organization_id, code=values["code"])
    return await _apply(
        db_session,
        row,
        values,
        action=AuditAction.UPDATED,
        actor_id=actor_id,
        actor_role=actor_role,
        context=context,
    )


async def deactivate_customer(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    customer_id: uuid.UUID,
    expected_version: int,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> CustomerRead:
    """No new work orders for the customer; existing orders are not touched."""
    row = await _locked(db_session, organization_id=organization_id, customer_id=customer_id)
    check_version(current=row.version, expected=expected_version)
    return await _apply(
        db_session,
        row,
        {"active": False},
        action=AuditAction.DEACTIVATED,
        actor_id=actor_id,
        actor_role=actor_role,
        context=context,
    )


async def activate_customer(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    customer_id: uuid.UUID,
    expected_version: int,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> CustomerRead:
    row = await _locked(db_session, organization_id=organization_id, customer_id=customer_id)
    check_version(current=row.version, expected=expected_version)
    return await _apply(
        db_session,
        row,
        {"active": True},
        action=AuditAction.ACTIVATED,
        actor_id=actor_id,
        actor_role=actor_role,
        context=context,
    )


# -- helpers --------------------------------------------------------------------------------


async def _locked(
    db_session: AsyncSession, *, organization_id: uuid.UUID, customer_id: uuid.UUID
) -> Customer:
    # FOR UPDATE: concurrent writers queue here and then see the committed version, so the
    # losers of a race get 412 with the current version rather than a failed UPDATE.
    row = await repository.get(
        db_session, customer_id, organization_id=organization_id, for_update=True
    )
    if row is None:
        raise CustomerNotFoundError(params={"id": str(customer_id)})
    return row


async def _ensure_code_free(
    db_session: AsyncSession, *, organization_id: uuid.UUID, code: str
) -> None:
    if await repository.exists(db_session, organization_id=organization_id, code=code):
        raise CustomerCodeTakenError(
            params={"code": code},
            details=[{"loc": ["body", "code"], "code": "DUPLICATE_VALUE", "value": code}],
        )


def _audited(row: Customer) -> dict[str, Any]:
    return {field: getattr(row, field) for field in AUDITED_FIELDS}


async def _apply(
    db_session: AsyncSession,
    row: Customer,
    values: dict[str, Any],
    *,
    action: AuditAction,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None,
) -> CustomerRead:
    """Write the values that differ, bump the version and audit; a no-op writes nothing."""
    before = _audited(row)
    changes = audit_service.diff(before, {**before, **values})
    if not changes:
        return CustomerRead.model_validate(row)
    await repository.update(db_session, row, **{field: values[field] for field in changes})
    # updated_at is set by the database; read it back with the new version.
    await db_session.refresh(row)
    await audit_service.record(
        db_session=db_session,
        organization_id=row.organization_id,
        action=action,
        resource_type=RESOURCE_TYPE,
        resource_id=row.id,
        resource_key=row.code,
        actor_id=actor_id,
        actor_role=actor_role,
        changes=changes,
        context=context,
    )
    return CustomerRead.model_validate(row)
