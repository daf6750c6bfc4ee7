"""Beta's service: probes that run through the request's session like any other query."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.platform.modules.alpha import service as alpha_service
from tests.platform.modules.beta.exceptions import TallyEmptyError
from tests.platform.modules.beta.schemas import SessionSettings, Slept, Tally


async def session_settings(*, db_session: AsyncSession) -> SessionSettings:
    values = {}
    for name in SessionSettings.model_fields:
        result = await db_session.execute(text(f"SHOW {name}"))
        values[name] = str(result.scalar_one())
    return SessionSettings(**values)


async def sleep(*, db_session: AsyncSession, seconds: float) -> Slept:
    await db_session.execute(text("SELECT pg_sleep(:seconds)"), {"seconds": seconds})
    return Slept(seconds=seconds)


async def cast(*, db_session: AsyncSession, value: object, sql: str) -> str:
    """Send `value` to the database as it is: no validation stands in between."""
    result = await db_session.execute(text(sql), {"value": value})
    return str(result.scalar_one())


async def terminate_own_connection(*, db_session: AsyncSession) -> None:
    """The server ends this session's connection, as a restart or a failover would."""
    await db_session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))


async def read_missing_file() -> None:
    """An `OSError` that has nothing to do with the database."""
    await asyncio.to_thread(Path("/nonexistent/shopfloor/probe.txt").read_text)


async def wait_past_a_deadline() -> None:
    """A `TimeoutError` (an `OSError` subclass) from the handler's own deadline."""
    async with asyncio.timeout(0.01):
        await asyncio.sleep(1)


async def tally(
    *, db_session: AsyncSession, organization_id: uuid.UUID, note_id: uuid.UUID
) -> Tally:
    note = await alpha_service.get_note(
        db_session=db_session, organization_id=organization_id, note_id=note_id
    )
    if note.quantity == 0:
        raise TallyEmptyError(params={"note_id": str(note_id)})
    return Tally(note_id=note.id, quantity=note.quantity)
