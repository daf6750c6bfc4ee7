"""Alpha's service: keyword-only functions that flush and never commit."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.concurrency import check_version
from shopfloor.core.legacy_repository import OrganizationRepository
from shopfloor.core.pagination import Page, PageParams
from tests.platform.modules.alpha.exceptions import NoteNotFoundError
from tests.platform.modules.alpha.models import PlatformNote
from tests.platform.modules.alpha.schemas import NoteCreate, NoteRead, NoteUpdate

notes = OrganizationRepository(PlatformNote)


async def create_note(
    *, db_session: AsyncSession, organization_id: uuid.UUID, data: NoteCreate
) -> NoteRead:
    note = await notes.create(db_session, organization_id=organization_id, **data.model_dump())
    return NoteRead.model_validate(note)


async def get_note(
    *, db_session: AsyncSession, organization_id: uuid.UUID, note_id: uuid.UUID
) -> NoteRead:
    note = await notes.get(db_session, note_id, organization_id=organization_id)
    if note is None:
        raise NoteNotFoundError(params={"note_id": str(note_id)})
    return NoteRead.model_validate(note)


async def list_notes(
    *, db_session: AsyncSession, organization_id: uuid.UUID, params: PageParams
) -> Page[NoteRead]:
    page = await notes.paginate(
        db_session,
        organization_id=organization_id,
        params=params,
        order_by=(PlatformNote.code, PlatformNote.id),
    )
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
    note = await notes.get(db_session, note_id, organization_id=organization_id, for_update=True)
    if note is None:
        raise NoteNotFoundError(params={"note_id": str(note_id)})
    check_version(current=note.version, expected=expected_version)
    await notes.update(db_session, note, **data.model_dump(exclude_unset=True))
    return NoteRead.model_validate(note)


async def delete_note(
    *, db_session: AsyncSession, organization_id: uuid.UUID, note_id: uuid.UUID
) -> None:
    note = await notes.get(db_session, note_id, organization_id=organization_id)
    if note is None:
        raise NoteNotFoundError(params={"note_id": str(note_id)})
    await notes.delete(db_session, note)
