"""Alpha's service: keyword-only functions that flush and never commit."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.concurrency import check_version
from shopfloor.core.pagination import Page, PageParams
from tests.platform.modules.alpha.exceptions import NoteNotFoundError
from tests.platform.modules.alpha.models import PlatformNote
from tests.platform.modules.alpha.repository import NoteRepository
from tests.platform.modules.alpha.schemas import NoteCreate, NoteRead, NoteUpdate


async def _found(
    notes: NoteRepository, note_id: uuid.UUID, *, for_update: bool = False
) -> PlatformNote:
    note = await notes.get_by_id(note_id, for_update=for_update)
    if note is None:
        raise NoteNotFoundError(params={"note_id": str(note_id)})
    return note


async def create_note(
    *, db_session: AsyncSession, organization_id: uuid.UUID, data: NoteCreate
) -> NoteRead:
    notes = NoteRepository(db_session, organization_id=organization_id)
    note = await notes.add(PlatformNote(**data.model_dump()))
    return NoteRead.model_validate(note)


async def get_note(
    *, db_session: AsyncSession, organization_id: uuid.UUID, note_id: uuid.UUID
) -> NoteRead:
    notes = NoteRepository(db_session, organization_id=organization_id)
    return NoteRead.model_validate(await _found(notes, note_id))


async def list_notes(
    *, db_session: AsyncSession, organization_id: uuid.UUID, params: PageParams
) -> Page[NoteRead]:
    notes = NoteRepository(db_session, organization_id=organization_id)
    page = await notes.paginate(notes.ordered_by_code(), params)
    items = [NoteRead.model_validate(note) for note in page.items]
    return Page(items=items, total=page.total, page=page.page, page_size=page.page_size)


async def update_note(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    note_id: uuid.UUID,
    expected_version: int,
    data: NoteUpdate,
) -> NoteRead:
    notes = NoteRepository(db_session, organization_id=organization_id)
    note = await _found(notes, note_id, for_update=True)
    check_version(current=note.version, expected=expected_version)
    await notes.update(note, data.model_dump(exclude_unset=True))
    return NoteRead.model_validate(note)


async def delete_note(
    *, db_session: AsyncSession, organization_id: uuid.UUID, note_id: uuid.UUID
) -> None:
    notes = NoteRepository(db_session, organization_id=organization_id)
    await notes.soft_delete(await _found(notes, note_id))
