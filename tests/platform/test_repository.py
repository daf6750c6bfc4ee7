"""The repository base against real PostgreSQL (alpha's table, inside the test transaction)."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import String, select
from sqlalchemy.exc import MultipleResultsFound
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.models import UUIDPrimaryKeyMixin
from shopfloor.core.pagination import PageParams
from shopfloor.core.repository import Repository, ScopedRepository
from tests.platform.modules.alpha.models import PlatformNote
from tests.platform.modules.alpha.repository import NoteRepository
from tests.platform.modules.base import PlatformBase

pytestmark = pytest.mark.usefixtures("note_table")


class EveryNote(Repository[PlatformNote]):
    """The same table without an organisation scope (as a platform-wide table would be)."""

    model = PlatformNote


class PlatformLabel(UUIDPrimaryKeyMixin, PlatformBase):
    """A table without an organisation, to show what the scoped repository refuses."""

    name: Mapped[str] = mapped_column(String(40))


@pytest.fixture
def own() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def other() -> uuid.UUID:
    return uuid.uuid4()


def notes_of(session: AsyncSession, organization_id: uuid.UUID) -> NoteRepository:
    return NoteRepository(session, organization_id=organization_id)


async def add(
    session: AsyncSession, organization_id: uuid.UUID, code: str, quantity: int = 0
) -> PlatformNote:
    note = PlatformNote(code=code, title=f"T {code}", quantity=quantity)
    return await notes_of(session, organization_id).add(note)


# -- add and get -----------------------------------------------------------------------------


async def test_add_flushes_and_binds_the_organisation(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "A-1", quantity=4)

    assert isinstance(created.id, uuid.UUID)
    assert created.organization_id == own
    assert created.version == 1
    assert isinstance(created.created_at, datetime)
    assert created.created_at.tzinfo is not None
    stored = await db_session.scalar(select(PlatformNote.code).where(PlatformNote.id == created.id))
    assert stored == "A-1"


async def test_add_refuses_a_row_of_another_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    foreign = PlatformNote(code="A-1", title="T", quantity=0, organization_id=other)

    with pytest.raises(ValueError, match="another organisation"):
        await notes_of(db_session, own).add(foreign)

    assert await EveryNote(db_session).count(EveryNote(db_session).base_statement()) == 0


async def test_get_by_id_finds_the_row_only_for_its_own_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    created = await add(db_session, own, "A-1")

    assert await notes_of(db_session, own).get_by_id(created.id) is created
    assert await notes_of(db_session, other).get_by_id(created.id) is None
    assert await notes_of(db_session, own).get_by_id(uuid.uuid4()) is None


async def test_get_by_id_for_update_reloads_the_committed_state(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "A-1", quantity=1)
    created.quantity = 99  # changed in memory, never flushed

    locked = await notes_of(db_session, own).get_by_id(created.id, for_update=True)

    assert locked is created
    assert locked.quantity == 1


# -- named statements ------------------------------------------------------------------------


async def test_a_statement_from_the_base_stays_inside_the_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    await add(db_session, own, "A-1")
    await add(db_session, other, "A-1")
    notes = notes_of(db_session, own)

    found = await notes.one_or_none(notes.base_statement().where(PlatformNote.code == "A-1"))
    missing = await notes.one_or_none(notes.base_statement().where(PlatformNote.code == "B-1"))

    assert found is not None
    assert found.organization_id == own
    assert missing is None


async def test_one_or_none_refuses_to_pick_among_several(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    await add(db_session, own, "A-1", quantity=5)
    await add(db_session, own, "A-2", quantity=5)
    notes = notes_of(db_session, own)

    with pytest.raises(MultipleResultsFound):
        await notes.one_or_none(notes.base_statement().where(PlatformNote.quantity == 5))


async def test_all_with_conditions_order_offset_and_limit(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    for index in range(6):
        await add(db_session, own, f"C-{index}", quantity=index)
    await add(db_session, other, "C-9", quantity=9)
    notes = notes_of(db_session, own)

    statement = (
        notes.base_statement()
        .where(PlatformNote.quantity >= 1)
        .order_by(PlatformNote.quantity.desc())
        .offset(1)
        .limit(3)
    )
    rows = await notes.all(statement)
    foreign = await notes_of(db_session, other).all(notes_of(db_session, other).base_statement())

    assert [row.code for row in rows] == ["C-4", "C-3", "C-2"]
    assert [row.code for row in foreign] == ["C-9"]


async def test_select_columns_reads_plain_values_inside_the_scope(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    await add(db_session, own, "S-1", quantity=3)
    await add(db_session, other, "S-2", quantity=4)
    notes = notes_of(db_session, own)

    result = await db_session.execute(
        notes.select_columns(PlatformNote.code, PlatformNote.quantity)
    )

    assert result.all() == [("S-1", 3)]


async def test_exists_and_count_stay_inside_the_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    await add(db_session, own, "E-1", quantity=1)
    await add(db_session, own, "E-2", quantity=2)
    mine, theirs = notes_of(db_session, own), notes_of(db_session, other)

    assert await mine.exists(mine.base_statement().where(PlatformNote.code == "E-1"))
    assert not await theirs.exists(theirs.base_statement().where(PlatformNote.code == "E-1"))
    assert await mine.count(mine.base_statement()) == 2
    assert await mine.count(mine.base_statement().where(PlatformNote.quantity > 1)) == 1
    assert await theirs.count(theirs.base_statement()) == 0


async def test_the_unscoped_repository_sees_every_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    mine = await add(db_session, own, "P-1")
    await add(db_session, other, "P-1")
    every = EveryNote(db_session)

    assert await every.count(every.base_statement().where(PlatformNote.code == "P-1")) == 2
    assert await every.get_by_id(mine.id) is mine


# -- pagination ------------------------------------------------------------------------------


async def test_paginate_returns_one_page_and_the_total(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    for index in range(5):
        await add(db_session, own, f"G-{index}")
    await add(db_session, other, "G-9")
    notes = notes_of(db_session, own)

    second = await notes.paginate(notes.ordered_by_code(), PageParams(page=2, page_size=2))
    beyond = await notes.paginate(notes.ordered_by_code(), PageParams(page=4, page_size=2))

    assert [row.code for row in second.items] == ["G-2", "G-3"]
    assert (second.total, second.page, second.page_size, second.pages) == (5, 2, 2, 3)
    assert second.meta().model_dump() == {"total": 5, "page": 2, "page_size": 2, "pages": 3}
    assert list(beyond.items) == []
    assert beyond.total == 5


async def test_paginate_an_empty_result(db_session: AsyncSession, own: uuid.UUID) -> None:
    notes = notes_of(db_session, own)

    page = await notes.paginate(notes.ordered_by_code(), PageParams())

    assert (list(page.items), page.total, page.pages) == ([], 0, 0)


# -- writes ----------------------------------------------------------------------------------


async def test_update_flushes_and_bumps_the_version(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "U-1")

    await notes_of(db_session, own).update(created, {"title": "Renamed", "quantity": 3})

    stored = await db_session.execute(
        select(PlatformNote.title, PlatformNote.quantity, PlatformNote.version).where(
            PlatformNote.id == created.id
        )
    )
    assert stored.one() == ("Renamed", 3, 2)
    assert created.version == 2


async def test_update_refuses_what_is_not_a_column(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "U-1")
    notes = notes_of(db_session, own)

    with pytest.raises(KeyError, match="colour"):
        await notes.update(created, {"colour": "red"})
    # `is_deleted` is a Python property: setting it would change nothing in the table.
    with pytest.raises(KeyError, match="is_deleted"):
        await notes.update(created, {"is_deleted": True})


async def test_update_refuses_to_move_a_row_to_another_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    created = await add(db_session, own, "U-1")
    notes = notes_of(db_session, own)

    with pytest.raises(ValueError, match="another organisation"):
        await notes.update(created, {"organization_id": other})

    assert await notes.get_by_id(created.id) is created
    assert await notes.update(created, {"organization_id": own}) is created


async def test_soft_delete_hides_the_row_from_every_statement(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "D-1")
    notes = notes_of(db_session, own)

    await notes.soft_delete(created)

    assert created.is_deleted
    assert await notes.get_by_id(created.id) is None
    assert await notes.count(notes.base_statement()) == 0
    assert not await notes.exists(notes.base_statement().where(PlatformNote.code == "D-1"))
    assert await notes.all(notes.base_statement()) == []
    still_stored = await db_session.scalar(
        select(PlatformNote.deleted_at).where(PlatformNote.id == created.id)
    )
    assert still_stored is not None


def test_a_scoped_repository_needs_its_scope_column() -> None:
    with pytest.raises(TypeError, match="PlatformLabel has no organization_id column"):

        class LabelRepository(ScopedRepository[PlatformLabel]):
            model = PlatformLabel

    class Labels(Repository[PlatformLabel]):
        model = PlatformLabel

    assert Labels.model is PlatformLabel
