"""Customers: the module's resource and its public functions.

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

The router's use cases are those of `customers` (core/master_data), audited through the
audit module in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.master_data.repository import MasterDataRepository
from shopfloor.core.master_data.service import MasterData
from shopfloor.customer.constants import RESOURCE_TYPE
from shopfloor.customer.exceptions import (
    CustomerCodeTakenError,
    CustomerInactiveError,
    CustomerNotFoundError,
)
from shopfloor.customer.models import Customer
from shopfloor.customer.schemas import CustomerRead


class CustomerRepository(MasterDataRepository[Customer]):
    model = Customer


customers = MasterData(
    repository=CustomerRepository,
    read_model=CustomerRead,
    resource_type=RESOURCE_TYPE,
    audit=audit_service,
    audited_fields=("code", "name", "contact_name", "contact_email", "contact_phone", "active"),
    not_found=CustomerNotFoundError,
    taken={"code": CustomerCodeTakenError},
    inactive=CustomerInactiveError,
)


async def get_customer(
    *, db_session: AsyncSession, organization_id: uuid.UUID, customer_id: uuid.UUID
) -> CustomerRead:
    return await customers.get(
        db_session=db_session, organization_id=organization_id, id=customer_id
    )


async def get_customers_by_ids(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    customer_ids: Collection[uuid.UUID],
) -> dict[uuid.UUID, CustomerRead]:
    return await customers.get_many(
        db_session=db_session, organization_id=organization_id, ids=customer_ids
    )


async def ensure_orderable(
    *, db_session: AsyncSession, organization_id: uuid.UUID, customer_id: uuid.UUID
) -> CustomerRead:
    row = await customers.get_active(
        db_session=db_session, organization_id=organization_id, id=customer_id
    )
    return customers.read(row)
