"""HTTP routes of routings, mounted under /api/v1/routings.

Handlers declare the principal first: FastAPI resolves dependencies in order, so a caller
without credentials gets 401, and one without the permission 403, before any 428 or 422
about the request itself. The ETag and If-Match carry the routing's `revision`, never its
version number.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

from fastapi import APIRouter, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.context import CurrentRequestContext, RequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.headers import ETAG, LOCATION, answer_headers
from shopfloor.core.pagination import Pagination
from shopfloor.core.security import Principal
from shopfloor.item.exceptions import ItemInactiveError
from shopfloor.routing import service
from shopfloor.routing.dependencies import (
    Filters,
    Manager,
    NewRouting,
    Reader,
    RoutingChange,
    RoutingId,
)
from shopfloor.routing.exceptions import (
    RoutingCodeTakenError,
    RoutingDefaultTakenError,
    RoutingHasNoOperationsError,
    RoutingInvalidReferenceError,
    RoutingInvalidTransitionError,
    RoutingNotEditableError,
    RoutingNotFoundError,
    RoutingWorkCenterInactiveError,
)
from shopfloor.routing.schemas import RoutingRead

router = APIRouter()

IF_MATCH_DOC = (
    "Requires `If-Match` with the revision from the ETag: 428 without it, 412 (with the "
    "current revision) when someone changed the routing since."
)


def _created(request: Request, response: Response, routing: RoutingRead) -> Envelope[RoutingRead]:
    response.headers["Location"] = str(request.url_for("read_routing", routing_id=str(routing.id)))
    set_etag(response, routing.revision)
    return Envelope(data=routing)


def _changed(response: Response, routing: RoutingRead) -> Envelope[RoutingRead]:
    set_etag(response, routing.revision)
    return Envelope(data=routing)


@router.get(
    "",
    response_model=ListEnvelope[RoutingRead],
    responses=error_responses(PermissionDeniedError),
    summary="List routings",
)
async def list_routings(
    principal: Reader, db_session: DbSession, filters: Filters, pagination: Pagination
) -> ListEnvelope[RoutingRead]:
    """The organisation's routings by code and version, with their operations."""
    page = await service.list_routings(
        db_session=db_session,
        organization_id=principal.organization_id,
        filters=filters,
        params=pagination,
    )
    return ListEnvelope(data=list(page.items), pagination=page.meta())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[RoutingRead],
    responses=answer_headers(201, ETAG, LOCATION)
    | error_responses(
        PermissionDeniedError,
        RoutingCodeTakenError,
        ItemInactiveError,
        RoutingInvalidReferenceError,
    ),
    summary="Create a routing",
)
async def create_routing(
    principal: Manager,
    data: NewRouting,
    db_session: DbSession,
    context: CurrentRequestContext,
    request: Request,
    response: Response,
) -> Envelope[RoutingRead]:
    """Version 1 of a new routing of an active item, as a draft.

    The code must be new for the item (409; copy a routing to make its next version), and
    every work center must be the organisation's (422).
    """
    routing = await service.create_routing(
        db_session=db_session,
        organization_id=principal.organization_id,
        data=data,
        actor=principal,
        context=context,
    )
    return _created(request, response, routing)


@router.get(
    "/{routing_id}",
    response_model=Envelope[RoutingRead],
    responses=answer_headers(200, ETAG)
    | error_responses(PermissionDeniedError, RoutingNotFoundError),
    summary="Read a routing",
)
async def read_routing(
    principal: Reader, routing_id: RoutingId, db_session: DbSession, response: Response
) -> Envelope[RoutingRead]:
    """The routing with its operations; the ETag carries its revision."""
    routing = await service.get_routing(
        db_session=db_session, organization_id=principal.organization_id, routing_id=routing_id
    )
    return _changed(response, routing)


@router.patch(
    "/{routing_id}",
    response_model=Envelope[RoutingRead],
    responses=answer_headers(200, ETAG)
    | error_responses(
        PermissionDeniedError,
        RoutingNotFoundError,
        RoutingNotEditableError,
        RoutingInvalidReferenceError,
    ),
    summary="Update a routing",
    description="Change a draft: `is_default`, or `operations` as a whole new list. A "
    f"released or obsolete routing is frozen (409 ROUTING_NOT_EDITABLE).\n\n{IF_MATCH_DOC}",
)
async def update_routing(
    principal: Manager,
    routing_id: RoutingId,
    data: RoutingChange,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[RoutingRead]:
    routing = await service.update_routing(
        db_session=db_session,
        organization_id=principal.organization_id,
        routing_id=routing_id,
        data=data,
        expected_revision=expected_version,
        actor=principal,
        context=context,
    )
    return _changed(response, routing)


class Change(Protocol):
    """A service function that changes one routing under If-Match (release, obsolete)."""

    async def __call__(
        self,
        *,
        db_session: AsyncSession,
        organization_id: uuid.UUID,
        routing_id: uuid.UUID,
        expected_revision: int,
        actor: Principal,
        context: RequestContext | None = None,
    ) -> RoutingRead: ...


def _action(change: Change, name: str) -> Callable[..., Awaitable[Envelope[RoutingRead]]]:
    """The handler of an action that changes a routing: If-Match in, the routing and ETag out."""

    async def handler(
        principal: Manager,
        routing_id: RoutingId,
        expected_version: IfMatchVersion,
        db_session: DbSession,
        context: CurrentRequestContext,
        response: Response,
    ) -> Envelope[RoutingRead]:
        routing = await change(
            db_session=db_session,
            organization_id=principal.organization_id,
            routing_id=routing_id,
            expected_revision=expected_version,
            actor=principal,
            context=context,
        )
        return _changed(response, routing)

    handler.__name__ = name
    return handler


router.add_api_route(
    "/{routing_id}/release",
    _action(service.release_routing, "release_routing"),
    methods=["POST"],
    name="release_routing",
    response_model=Envelope[RoutingRead],
    responses=answer_headers(200, ETAG)
    | error_responses(
        PermissionDeniedError,
        RoutingNotFoundError,
        RoutingInvalidTransitionError,
        RoutingHasNoOperationsError,
        RoutingWorkCenterInactiveError,
        ItemInactiveError,
        RoutingDefaultTakenError,
    ),
    summary="Release a routing",
    description="Freeze a draft so work orders can follow it: it needs at least one "
    "operation and active work centers (409). With `is_default` it becomes the item's "
    "default routing, and the item's other routings lose the flag, in one transaction."
    f"\n\n{IF_MATCH_DOC}",
)


@router.post(
    "/{routing_id}/copy",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[RoutingRead],
    responses=answer_headers(201, ETAG, LOCATION)
    | error_responses(
        PermissionDeniedError, RoutingNotFoundError, ItemInactiveError, RoutingCodeTakenError
    ),
    summary="Copy a routing to its next version",
)
async def copy_routing(
    principal: Manager,
    routing_id: RoutingId,
    db_session: DbSession,
    context: CurrentRequestContext,
    request: Request,
    response: Response,
) -> Envelope[RoutingRead]:
    """A new draft of the same item and code, numbered one above the highest version, with
    the routing's operations and `is_default` (from any status)."""
    routing = await service.copy_routing(
        db_session=db_session,
        organization_id=principal.organization_id,
        routing_id=routing_id,
        actor=principal,
        context=context,
    )
    return _created(request, response, routing)


router.add_api_route(
    "/{routing_id}/obsolete",
    _action(service.obsolete_routing, "obsolete_routing"),
    methods=["POST"],
    name="obsolete_routing",
    response_model=Envelope[RoutingRead],
    responses=answer_headers(200, ETAG)
    | error_responses(PermissionDeniedError, RoutingNotFoundError, RoutingInvalidTransitionError),
    summary="Retire a routing",
    description="A draft or released routing becomes obsolete: no new work order follows it "
    "(existing ones keep their copy). Retiring the item's default leaves the item without "
    f"one.\n\n{IF_MATCH_DOC}",
)
