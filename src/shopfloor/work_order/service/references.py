"""Checks of the ids a request body names, through the owning modules' services.

An id in the URL that is not visible answers 404; an id in the body that names nothing in
the caller's organisation is a mistake in the request: 422 WORK_ORDER_INVALID_REFERENCE with
the field and the owner's code in the details. A customer, item or work center that exists
but cannot be used keeps its owner's 409 (inactive, blocked).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.customer import service as customer_service
from shopfloor.customer.exceptions import CustomerNotFoundError
from shopfloor.item import service as item_service
from shopfloor.item.exceptions import ItemNotFoundError
from shopfloor.item.schemas import ItemRead
from shopfloor.routing import service as routing_service
from shopfloor.routing.exceptions import RoutingNotFoundError
from shopfloor.routing.schemas import RoutingSnapshot
from shopfloor.user import service as user_service
from shopfloor.user.exceptions import UserNotFoundError
from shopfloor.work_center import service as work_center_service
from shopfloor.work_center.exceptions import WorkCenterNotFoundError
from shopfloor.work_order.constants import OPERATOR_INACTIVE
from shopfloor.work_order.exceptions import InvalidReferenceError


def _invalid(field: str, code: str, value: uuid.UUID) -> InvalidReferenceError:
    return InvalidReferenceError(
        details=[{"loc": ["body", field], "code": code, "value": str(value)}]
    )


async def ensure_customer(
    db_session: AsyncSession, *, organization_id: uuid.UUID, customer_id: uuid.UUID
) -> None:
    """The customer exists and takes new orders (share-locked until the transaction ends)."""
    try:
        await customer_service.ensure_orderable(
            db_session=db_session, organization_id=organization_id, customer_id=customer_id
        )
    except CustomerNotFoundError as exc:
        raise _invalid("customer_id", exc.code, customer_id) from exc


async def ensure_item(
    db_session: AsyncSession, *, organization_id: uuid.UUID, item_id: uuid.UUID
) -> ItemRead:
    """The item exists and takes new orders (share-locked like the customer)."""
    try:
        return await item_service.ensure_orderable(
            db_session=db_session, organization_id=organization_id, item_id=item_id
        )
    except ItemNotFoundError as exc:
        raise _invalid("item_id", exc.code, item_id) from exc


async def routing_snapshot(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    item_id: uuid.UUID,
    routing_id: uuid.UUID | None,
) -> RoutingSnapshot | None:
    """The released routing a new order of the item follows: `routing_id`, or else the
    item's default; None when the item has no default and none is named."""
    try:
        return await routing_service.snapshot_for_order(
            db_session=db_session,
            organization_id=organization_id,
            item_id=item_id,
            routing_id=routing_id,
        )
    except RoutingNotFoundError as exc:
        assert routing_id is not None  # the default is looked up, never named
        raise _invalid("routing_id", exc.code, routing_id) from exc


async def ensure_work_center(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    work_center_id: uuid.UUID,
    field: str | None = "work_center_id",
) -> None:
    """The work center exists, is active and not blocked (share-locked like the customer).

    `field` names the body field the id came from; None when it came from a stored dispatch,
    where a vanished work center is not the caller's mistake and keeps the owner's error.
    """
    try:
        await work_center_service.ensure_dispatchable(
            db_session=db_session, organization_id=organization_id, work_center_id=work_center_id
        )
    except WorkCenterNotFoundError as exc:
        if field is None:
            raise
        raise _invalid(field, exc.code, work_center_id) from exc


async def ensure_operator(
    db_session: AsyncSession, *, organization_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    """The user exists in the organisation and is active."""
    try:
        user = await user_service.get_user(
            db_session=db_session, organization_id=organization_id, user_id=user_id
        )
    except UserNotFoundError as exc:
        raise _invalid("operator_id", exc.code, user_id) from exc
    if not user.is_active:
        raise _invalid("operator_id", OPERATOR_INACTIVE, user_id)
