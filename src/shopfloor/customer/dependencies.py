"""Request dependencies of the customer module: permissions, filters, the current row."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Query

from shopfloor.core.database import DbSession
from shopfloor.core.security import Principal, require_permission
from shopfloor.core.text import SingleLine
from shopfloor.customer import service
from shopfloor.customer.constants import (
    PERMISSION_MANAGE,
    PERMISSION_READ,
    SEARCH_MAX_LENGTH,
    CustomerSort,
)
from shopfloor.customer.schemas import CustomerFilters, CustomerRead

Reader = Annotated[Principal, Depends(require_permission(PERMISSION_READ))]
Manager = Annotated[Principal, Depends(require_permission(PERMISSION_MANAGE))]

CustomerId = Annotated[uuid.UUID, Path(description="The customer's id.")]
# Stripped by the filter itself, so a blank search lists everything.
SearchText = Annotated[str, SingleLine(max_length=SEARCH_MAX_LENGTH, strip_whitespace=False)]


async def customer_filters(
    q: Annotated[
        SearchText | None,
        Query(description="Code prefix or part of the name, case-insensitive; blank means all."),
    ] = None,
    active: Annotated[bool | None, Query(description="Only active (true) or inactive.")] = None,
    sort: Annotated[
        CustomerSort, Query(description="Order; '-' for descending; ties break on id.")
    ] = CustomerSort.CODE,
) -> CustomerFilters:
    return CustomerFilters(q=(q or "").strip() or None, active=active, sort=sort)


Filters = Annotated[CustomerFilters, Depends(customer_filters)]


async def valid_customer_id(
    customer_id: CustomerId, principal: Reader, db_session: DbSession
) -> CustomerRead:
    """The customer in the path, readable by the caller (404 otherwise)."""
    return await service.get_customer(
        db_session=db_session,
        organization_id=principal.organization_id,
        customer_id=customer_id,
    )


CurrentCustomer = Annotated[CustomerRead, Depends(valid_customer_id)]
