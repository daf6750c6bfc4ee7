"""HTTP routes of the customer module, mounted under /api/v1/customers."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope, error_responses
from shopfloor.core.pagination import Pagination
from shopfloor.customer import service
from shopfloor.customer.dependencies import (
    CurrentCustomer,
    CustomerId,
    Filters,
    Manager,
    Reader,
)
from shopfloor.customer.schemas import CustomerCreate, CustomerRead, CustomerUpdate

router = APIRouter()

# Handlers declare the principal first: FastAPI resolves dependencies in order, so a caller
# without credentials gets 401 before any 428 or 422 about the request itself.

WRITE_ERRORS = error_responses(401, 403, 404, 412, 422, 428)


@router.get(
    "",
    response_model=ListEnvelope[CustomerRead],
    responses=error_responses(401, 403, 422),
    summary="List customers",
)
async def list_customers(
    principal: Reader, db_session: DbSession, filters: Filters, pagination: Pagination
) -> ListEnvelope[CustomerRead]:
    """The caller's organisation's customers, one page at a time."""
    page = await service.list_customers(
        db_session=db_session,
        organization_id=principal.organization_id,
        filters=filters,
        params=pagination,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[CustomerRead],
    responses=error_responses(401, 403, 409, 422),
    summary="Create a customer",
)
async def create_customer(
    principal: Manager,
    data: CustomerCreate,
    db_session: DbSession,
    context: CurrentRequestContext,
    request: Request,
    response: Response,
) -> Envelope[CustomerRead]:
    """A new, active customer. The code must be unused in the organisation (409)."""
    customer = await service.create_customer(
        db_session=db_session,
        organization_id=principal.organization_id,
        data=data,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    response.headers["Location"] = str(
        request.url_for("read_customer", customer_id=str(customer.id))
    )
    set_etag(response, customer.version)
    return Envelope(data=customer)


@router.get(
    "/{customer_id}",
    response_model=Envelope[CustomerRead],
    responses=error_responses(401, 403, 404, 422),
    summary="Read a customer",
)
async def read_customer(customer: CurrentCustomer, response: Response) -> Envelope[CustomerRead]:
    """The customer with its version in the ETag header."""
    set_etag(response, customer.version)
    return Envelope(data=customer)


@router.patch(
    "/{customer_id}",
    response_model=Envelope[CustomerRead],
    responses=error_responses(401, 403, 404, 409, 412, 422, 428),
    summary="Update a customer",
)
async def update_customer(
    principal: Manager,
    customer_id: CustomerId,
    data: CustomerUpdate,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[CustomerRead]:
    """Change code, name or contact details; `null` clears a contact field.

    Requires `If-Match` with the version from the last read: 428 without it, 412 (with the
    current version) when someone changed the customer since.
    """
    customer = await service.update_customer(
        db_session=db_session,
        organization_id=principal.organization_id,
        customer_id=customer_id,
        data=data,
        expected_version=expected_version,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    set_etag(response, customer.version)
    return Envelope(data=customer)


@router.post(
    "/{customer_id}/deactivate",
    response_model=Envelope[CustomerRead],
    responses=WRITE_ERRORS,
    summary="Deactivate a customer",
)
async def deactivate_customer(
    principal: Manager,
    customer_id: CustomerId,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[CustomerRead]:
    """No new work orders for it; existing orders are kept. Already inactive: no change."""
    customer = await service.deactivate_customer(
        db_session=db_session,
        organization_id=principal.organization_id,
        customer_id=customer_id,
        expected_version=expected_version,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    set_etag(response, customer.version)
    return Envelope(data=customer)


@router.post(
    "/{customer_id}/activate",
    response_model=Envelope[CustomerRead],
    responses=WRITE_ERRORS,
    summary="Activate a customer",
)
async def activate_customer(
    principal: Manager,
    customer_id: CustomerId,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[CustomerRead]:
    """New work orders may name it again. Already active: no change."""
    customer = await service.activate_customer(
        db_session=db_session,
        organization_id=principal.organization_id,
        customer_id=customer_id,
        expected_version=expected_version,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    set_etag(response, customer.version)
    return Envelope(data=customer)
