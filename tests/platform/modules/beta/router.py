"""Beta's routes: `router` under /beta, `tally_router` under alpha's notes."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query

from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope
from shopfloor.core.errors import error_responses
from tests.platform.modules.alpha.exceptions import NoteNotFoundError
from tests.platform.modules.beta import service
from tests.platform.modules.beta.dependencies import CASTS, BatchSize, CastTarget, SleepSeconds
from tests.platform.modules.beta.exceptions import TallyEmptyError
from tests.platform.modules.beta.schemas import SessionSettings, Slept, Tally

router = APIRouter()
tally_router = APIRouter()


@router.get(
    "/database/settings",
    response_model=Envelope[SessionSettings],
    summary="Server settings of the request's connection",
)
async def read_session_settings(db_session: DbSession) -> dict[str, Any]:
    return {"success": True, "data": await service.session_settings(db_session=db_session)}


@router.get("/database/sleep", response_model=Envelope[Slept], summary="pg_sleep")
async def database_sleep(seconds: SleepSeconds, db_session: DbSession) -> dict[str, Any]:
    return {"success": True, "data": await service.sleep(db_session=db_session, seconds=seconds)}


@router.get(
    "/database/cast",
    response_model=Envelope[str],
    summary="Send a raw value to the database, unvalidated",
)
async def database_cast(
    value: Annotated[str, Query()],
    target: Annotated[CastTarget, Query()],
    db_session: DbSession,
) -> dict[str, Any]:
    convert, sql = CASTS[target]
    raw = convert(value) if convert is not None else value
    return {
        "success": True,
        "data": await service.cast(db_session=db_session, value=raw, sql=sql),
    }


@router.post(
    "/database/disconnect",
    response_model=Envelope[None],
    summary="The server drops this request's connection",
)
async def database_disconnect(db_session: DbSession) -> dict[str, Any]:
    await service.terminate_own_connection(db_session=db_session)
    return {"success": True, "data": None}


@router.get("/rules/batch", response_model=Envelope[int], summary="A rule without a text")
async def read_batch(size: BatchSize) -> dict[str, Any]:
    return {"success": True, "data": size}


@router.get("/crash", response_model=Envelope[None], summary="An unexpected error")
async def crash() -> dict[str, Any]:
    raise RuntimeError("connection string postgresql://admin:hunter2@db.internal/prod")


@router.get("/crash/missing-file", response_model=Envelope[None], summary="A missing file")
async def crash_on_a_missing_file() -> dict[str, Any]:
    await service.read_missing_file()
    return {"success": True, "data": None}


@router.get("/crash/timeout", response_model=Envelope[None], summary="A handler's own timeout")
async def crash_on_a_timeout() -> dict[str, Any]:
    await service.wait_past_a_deadline()
    return {"success": True, "data": None}


@tally_router.get(
    "",
    response_model=Envelope[Tally],
    responses=error_responses(NoteNotFoundError, TallyEmptyError),
    summary="The note's quantity",
)
async def read_tally(
    note_id: uuid.UUID,
    db_session: DbSession,
    organization_id: Annotated[uuid.UUID, Header(alias="X-Organization-ID")],
) -> dict[str, Any]:
    result = await service.tally(
        db_session=db_session, organization_id=organization_id, note_id=note_id
    )
    return {"success": True, "data": result}
