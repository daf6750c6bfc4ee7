"""Customers: the module's resource and its public functions.

Public (other modules call only these, always with keyword arguments):

- `customers.get(*, db_session, organization_id, id) -> CustomerRead`
  Raises `CustomerNotFoundError` (404 CUSTOMER_NOT_FOUND) when the id does not exist or
  belongs to another organisation. Inactive customers are returned.
- `customers.get_many(*, db_session, organization_id, ids) -> dict[UUID, CustomerRead]`
  One query for many ids (to render lists without N+1); ids that do not exist or belong to
  another organisation are simply absent from the result.
- `ensure_orderable(*, db_session, organization_id, customer_id) -> CustomerRead`
  The check before a new work order: 404 CUSTOMER_NOT_FOUND, 409 CUSTOMER_INACTIVE when
  deactivated. The row stays share-locked until the caller's transaction ends, so a
  concurrent deactivation waits for the order to commit instead of slipping past.

The router's use cases are those of `customers` (core/master_data/service.py).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit_service
from shopfloor.core.master_data.service import MasterData
from shopfloor.customer import exceptions
from shopfloor.customer.models import Customer
from shopfloor.customer.schemas import CustomerRead

customers = MasterData(Customer, CustomerRead, audit=audit_service, exceptions=exceptions)


async def ensure_orderable(
    *, db_session: AsyncSession, organization_id: uuid.UUID, customer_id: uuid.UUID
) -> CustomerRead:
    held = await customers.get_active(
        db_session=db_session, organization_id=organization_id, id=customer_id
    )
    return customers.read(held)
