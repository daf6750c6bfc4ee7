"""Alpha's routes."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status

from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope
from shopfloor.core.errors import error_responses
from shopfloor.core.pagination import Pagination, paginated
from shopfloor.core.registry import settings_of
from tests.platform.modules.alpha import service
from tests.platform.modules.alpha.config import AlphaSettings
from tests.platform.modules.alpha.dependencies import CallerOrganization
from tests.platform.modules.alpha.exceptions import (
    NoteCodeTakenError,
    NoteNotFoundError,
    NoteRefusedError,
)
from tests.platform.modules.alpha.schemas import NoteCreate, NoteRead, NoteUpdate

router = APIRouter()


@router.get("/label", response_model=Envelope[str], summary="The configured label")
async def read_label(request: Request) -> dict[str, Any]:
    return {"success": True, "data": settings_of(request.app, "alpha", AlphaSettings).label}


@router.post(
    "/notes",
    response_model=Envelope[NoteRead],
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(NoteCodeTakenError),
    summary="Create a note",
)
async def create_note(
    data: NoteCreate, db_session: DbSession, organization_id: CallerOrganization
) -> dict[str, Any]:
    note = await service.create_note(
        db_session=db_session, organization_id=organization_id, data=data
    )
    return {"success": True, "data": note}


@router.post(
    "/notes/refused",
    response_model=Envelope[NoteRead],
    responses=error_responses(NoteRefusedError),
    summary="Write a note, then fail",
)
async def create_note_then_fail(
    data: NoteCreate,
    db_session: DbSession,
    organization_id: CallerOrganization,
    failure: Annotated[Literal["domain", "kept", "crash"], Query()] = "domain",
) -> dict[str, Any]:
    # Nothing here catches: a refusal that keeps its changes is the core's to commit.
    await service.create_note(db_session=db_session, organization_id=organization_id, data=data)
    if failure == "domain":
        raise NoteRefusedError()
    if failure == "kept":
        raise NoteRefusedError(keep_changes=True)
    raise RuntimeError("note written, then the handler broke (internal detail 7f3a)")


@router.get(
    "/notes",
    response_model=ListEnvelope[NoteRead],
    summary="List notes",
)
async def list_notes(
    db_session: DbSession, organization_id: CallerOrganization, params: Pagination
) -> dict[str, object]:
    page = await service.list_notes(
        db_session=db_session, organization_id=organization_id, params=params
    )
    return paginated(page)


@router.get(
    "/notes/{note_id}",
    response_model=Envelope[NoteRead],
    responses=error_responses(NoteNotFoundError),
    summary="Read a note",
)
async def read_note(
    note_id: uuid.UUID,
    db_session: DbSession,
    organization_id: CallerOrganization,
    response: Response,
) -> dict[str, Any]:
    note = await service.get_note(
        db_session=db_session, organization_id=organization_id, note_id=note_id
    )
    set_etag(response, note.version)
    return {"success": True, "data": note}


@router.patch(
    "/notes/{note_id}",
    response_model=Envelope[NoteRead],
    responses=error_responses(NoteNotFoundError, NoteCodeTakenError),
    summary="Edit a note (If-Match)",
)
async def update_note(
    note_id: uuid.UUID,
    data: NoteUpdate,
    expected_version: IfMatchVersion,
    db_session: DbSession,
    organization_id: CallerOrganization,
    response: Response,
) -> dict[str, Any]:
    note = await service.update_note(
        db_session=db_session,
        organization_id=organization_id,
        note_id=note_id,
        expected_version=expected_version,
        data=data,
    )
    set_etag(response, note.version)
    return {"success": True, "data": note}


@router.delete(
    "/notes/{note_id}",
    response_model=Envelope[None],
    responses=error_responses(NoteNotFoundError),
    summary="Delete a note",
)
async def delete_note(
    note_id: uuid.UUID, db_session: DbSession, organization_id: CallerOrganization
) -> dict[str, Any]:
    await service.delete_note(
        db_session=db_session, organization_id=organization_id, note_id=note_id
    )
    return {"success": True, "data": None}
