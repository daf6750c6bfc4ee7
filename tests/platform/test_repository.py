"""The generic repository against real PostgreSQL (alpha's table, inside the test transaction)."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import String, select
from sqlalchemy.exc import MultipleResultsFound
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.legacy_repository import AsyncRepository, OrganizationRepository
from shopfloor.core.models import UUIDPrimaryKeyMixin
from shopfloor.core.pagination import PageParams
from tests.platform.modules.alpha.models import PlatformNote
from tests.platform.modules.base import PlatformBase

pytestmark = pytest.mark.usefixtures("note_table")

notes = OrganizationRepository(PlatformNote)
any_notes = AsyncRepository(PlatformNote)


class PlatformLabel(UUIDPrimaryKeyMixin, PlatformBase):
    """A table without an organisation, to show what the tenant-safe repository refuses."""

    name: Mapped[str] = mapped_column(String(40))


@pytest.fixture
def own() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def other() -> uuid.UUID:
    return uuid.uuid4()


async def add(
    session: AsyncSession, organization_id: uuid.UUID, code: str, quantity: int = 0
) -> PlatformNote:
    return await notes.create(
        session, organization_id=organization_id, code=code, title=f"T {code}", quantity=quantity
    )


# -- create and get --------------------------------------------------------------------------


async def test_create_flushes_and_binds_the_organisation(
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


async def test_get_finds_the_row_only_for_its_own_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    created = await add(db_session, own, "A-1")

    assert await notes.get(db_session, created.id, organization_id=own) is created
    assert await notes.get(db_session, created.id, organization_id=other) is None
    assert await notes.get(db_session, uuid.uuid4(), organization_id=own) is None


async def test_get_for_update_reloads_the_committed_state(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "A-1", quantity=1)
    created.quantity = 99  # changed in memory, never flushed

    locked = await notes.get(db_session, created.id, organization_id=own, for_update=True)

    assert locked is created
    assert locked.quantity == 1


# -- reads with filters ----------------------------------------------------------------------


async def test_find_one_filters_and_refuses_other_organisations(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    await add(db_session, own, "A-1")
    await add(db_session, other, "A-1")

    found = await notes.find_one(db_session, organization_id=own, code="A-1")
    missing = await notes.find_one(db_session, organization_id=own, code="B-1")

    assert found is not None
    assert found.organization_id == own
    assert missing is None


async def test_find_one_refuses_to_pick_among_several(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    await add(db_session, own, "A-1", quantity=5)
    await add(db_session, own, "A-2", quantity=5)

    with pytest.raises(MultipleResultsFound):
        await notes.find_one(db_session, organization_id=own, quantity=5)


async def test_find_all_with_conditions_order_offset_and_limit(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    for index in range(6):
        await add(db_session, own, f"C-{index}", quantity=index)
    await add(db_session, other, "C-9", quantity=9)

    rows = await notes.find_all(
        db_session,
        PlatformNote.quantity >= 1,
        organization_id=own,
        order_by=(PlatformNote.quantity.desc(),),
        offset=1,
        limit=3,
    )
    by_filter = await notes.find_all(db_session, organization_id=own, quantity=2)
    foreign = await notes.find_all(db_session, organization_id=other)

    assert [row.code for row in rows] == ["C-4", "C-3", "C-2"]
    assert [row.code for row in by_filter] == ["C-2"]
    assert [row.code for row in foreign] == ["C-9"]


async def test_a_none_filter_means_is_null(db_session: AsyncSession, own: uuid.UUID) -> None:
    kept = await add(db_session, own, "N-1")
    deleted = await add(db_session, own, "N-2")
    await notes.delete(db_session, deleted)

    rows = await notes.find_all(
        db_session, organization_id=own, include_deleted=True, deleted_at=None
    )

    assert [row.id for row in rows] == [kept.id]


async def test_an_unknown_filter_is_a_programming_error(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    with pytest.raises(AttributeError, match="PlatformNote has no column 'colour'"):
        await notes.find_all(db_session, organization_id=own, colour="red")


async def test_a_property_is_not_a_filter(db_session: AsyncSession, own: uuid.UUID) -> None:
    # `is_deleted` is a Python property: comparing it would silently match nothing.
    with pytest.raises(AttributeError, match="PlatformNote has no column 'is_deleted'"):
        await notes.count(db_session, organization_id=own, is_deleted=True)


async def test_exists_and_count_stay_inside_the_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    await add(db_session, own, "E-1", quantity=1)
    await add(db_session, own, "E-2", quantity=2)

    assert await notes.exists(db_session, organization_id=own, code="E-1")
    assert not await notes.exists(db_session, organization_id=other, code="E-1")
    assert await notes.count(db_session, organization_id=own) == 2
    assert await notes.count(db_session, PlatformNote.quantity > 1, organization_id=own) == 1
    assert await notes.count(db_session, organization_id=other) == 0


async def test_the_plain_repository_sees_every_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    mine = await add(db_session, own, "P-1")
    await add(db_session, other, "P-1")

    assert await any_notes.count(db_session, code="P-1") == 2
    assert await any_notes.get(db_session, mine.id) is mine


# -- pagination ------------------------------------------------------------------------------


async def test_paginate_returns_one_page_and_the_total(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    for index in range(5):
        await add(db_session, own, f"G-{index}")
    await add(db_session, other, "G-9")
    order = (PlatformNote.code, PlatformNote.id)

    second = await notes.paginate(
        db_session, organization_id=own, params=PageParams(page=2, page_size=2), order_by=order
    )
    beyond = await notes.paginate(
        db_session, organization_id=own, params=PageParams(page=4, page_size=2), order_by=order
    )

    assert [row.code for row in second.items] == ["G-2", "G-3"]
    assert (second.total, second.page, second.page_size, second.pages) == (5, 2, 2, 3)
    assert second.meta().model_dump() == {"total": 5, "page": 2, "page_size": 2, "pages": 3}
    assert list(beyond.items) == []
    assert beyond.total == 5


async def test_paginate_an_empty_result(db_session: AsyncSession, own: uuid.UUID) -> None:
    page = await notes.paginate(
        db_session, organization_id=own, params=PageParams(), order_by=(PlatformNote.id,)
    )

    assert (list(page.items), page.total, page.pages) == ([], 0, 0)


# -- writes ----------------------------------------------------------------------------------


async def test_update_flushes_and_bumps_the_version(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "U-1")

    await notes.update(db_session, created, title="Renamed", quantity=3)

    stored = await db_session.execute(
        select(PlatformNote.title, PlatformNote.quantity, PlatformNote.version).where(
            PlatformNote.id == created.id
        )
    )
    assert stored.one() == ("Renamed", 3, 2)
    assert created.version == 2


async def test_update_refuses_unknown_columns(db_session: AsyncSession, own: uuid.UUID) -> None:
    created = await add(db_session, own, "U-1")

    with pytest.raises(AttributeError, match="has no column 'colour'"):
        await notes.update(db_session, created, colour="red")
    with pytest.raises(AttributeError, match="has no column 'is_deleted'"):
        await notes.update(db_session, created, is_deleted=True)


async def test_update_refuses_to_move_a_row_to_another_organisation(
    db_session: AsyncSession, own: uuid.UUID, other: uuid.UUID
) -> None:
    created = await add(db_session, own, "U-1")

    with pytest.raises(ValueError, match="another organisation"):
        await notes.update(db_session, created, organization_id=other)

    assert await notes.get(db_session, created.id, organization_id=own) is created
    assert await notes.update(db_session, created, organization_id=own) is created


async def test_soft_delete_hides_the_row_unless_asked(
    db_session: AsyncSession, own: uuid.UUID
) -> None:
    created = await add(db_session, own, "D-1")

    await notes.delete(db_session, created)

    assert created.is_deleted
    assert await notes.get(db_session, created.id, organization_id=own) is None
    assert await notes.count(db_session, organization_id=own) == 0
    assert not await notes.exists(db_session, organization_id=own, code="D-1")
    assert await notes.find_all(db_session, organization_id=own) == []
    hidden = await notes.get(db_session, created.id, organization_id=own, include_deleted=True)
    assert hidden is created
    assert await notes.count(db_session, organization_id=own, include_deleted=True) == 1


async def test_hard_delete_removes_the_row(db_session: AsyncSession, own: uuid.UUID) -> None:
    created = await add(db_session, own, "D-1")

    await notes.delete(db_session, created, hard=True)

    assert await notes.count(db_session, organization_id=own, include_deleted=True) == 0


def test_the_tenant_safe_repository_needs_an_organisation_column() -> None:
    with pytest.raises(TypeError, match="PlatformLabel has no organization_id column"):
        OrganizationRepository(PlatformLabel)

    assert AsyncRepository(PlatformLabel).model is PlatformLabel
