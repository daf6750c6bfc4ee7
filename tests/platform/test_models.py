"""The declarative base, its naming convention, the mixins and time-ordered ids."""

from __future__ import annotations

import re
import uuid
from typing import cast

import pytest
from sqlalchemy import (
    CheckConstraint,
    Constraint,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from shopfloor.core.exception_handlers import render_unhandled
from shopfloor.core.ids import uuid7
from shopfloor.core.models import NAMING_CONVENTION, Base, table_name_for
from shopfloor.core.registry import discover_modules, import_models
from tests.platform.modules.alpha.models import PlatformNote
from tests.platform.modules.alpha.repository import NoteRepository


@pytest.mark.parametrize(
    ("class_name", "table"),
    [
        ("WorkOrder", "work_order"),
        ("UserAccount", "user_account"),
        ("AuditLog", "audit_log"),
        ("HTTPLog", "http_log"),
        ("Organization", "organization"),
        ("WorkOrder2Step", "work_order2_step"),
    ],
)
def test_table_names_come_from_class_names(class_name: str, table: str) -> None:
    assert table_name_for(class_name) == table


def test_a_model_gets_its_table_name_and_conventional_constraint_names() -> None:
    table = cast(Table, PlatformNote.__table__)
    names: dict[str, set[str | None]] = {}
    for item in table.constraints:
        names.setdefault(type(item).__name__, set()).add(str(item.name))

    assert table.name == "platform_note"
    assert names == {
        "PrimaryKeyConstraint": {"pk_platform_note"},
        "UniqueConstraint": {
            "uq_platform_note_organization_id_code",
            "uq_platform_note_organization_id_title",
        },
        "CheckConstraint": {"ck_platform_note_quantity_non_negative"},
        "ForeignKeyConstraint": {"fk_platform_note_organization_id_organization"},
    }


def test_the_product_metadata_uses_the_naming_convention() -> None:
    assert Base.metadata.naming_convention == NAMING_CONVENTION


def conventional_prefixes(item: object, table: str) -> tuple[str, ...]:
    if isinstance(item, PrimaryKeyConstraint):
        return (f"pk_{table}",)
    if isinstance(item, UniqueConstraint):
        return (f"uq_{table}_",)
    if isinstance(item, ForeignKeyConstraint):
        return (f"fk_{table}_",)
    if isinstance(item, CheckConstraint):
        return (f"ck_{table}_",)
    if isinstance(item, Index):
        # A unique index (on an expression, say) is named like the constraint it stands for,
        # so that its violation maps to an error code the same way.
        return ("ix_", f"uq_{table}_") if item.unique else ("ix_",)
    raise AssertionError(f"unexpected schema item {item!r}")


def test_every_product_constraint_and_index_is_named_by_the_convention() -> None:
    import_models(discover_modules().values())
    checked = 0

    for table in Base.metadata.tables.values():
        items: list[Constraint | Index] = [*table.constraints, *table.indexes]
        for item in items:
            name = str(item.name)
            assert name.startswith(conventional_prefixes(item, table.name)), (table.name, name)
            assert len(name) <= 63, name  # PostgreSQL truncates longer identifiers
            checked += 1

    assert checked >= sum(len(table.constraints) for table in Base.metadata.tables.values())


def test_repr_shows_the_key_and_the_declared_attributes() -> None:
    note_id = uuid.UUID("01900000-0000-7000-8000-000000000001")
    note = PlatformNote(id=note_id, code="R-1", title="T", quantity=1)
    fresh = PlatformNote(code="R-2", title="T")

    assert repr(note) == f"<PlatformNote id={note_id!r} code='R-1'>"
    assert repr(fresh) == "<PlatformNote code='R-2'>"


def test_soft_delete_flag_follows_deleted_at() -> None:
    note = PlatformNote(code="S-1", title="T")

    assert not note.is_deleted


# -- ids ----------------------------------------------------------------------------------------


def test_uuid7_ids_carry_version_7_and_the_rfc_variant() -> None:
    value = uuid7()

    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_uuid7_ids_grow_with_time_and_do_not_repeat() -> None:
    values = [uuid7() for _ in range(2_000)]

    timestamps = [value.int >> 80 for value in values]
    assert timestamps == sorted(timestamps)
    assert len(set(values)) == len(values)


# -- optimistic locking --------------------------------------------------------------------------


@pytest.mark.usefixtures("note_table")
async def test_a_stale_copy_cannot_overwrite_a_newer_version(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    organization_id = uuid.uuid4()
    async with session_factory() as first:
        notes = NoteRepository(first, organization_id=organization_id)
        created = await notes.add(PlatformNote(code="V-1", title="T", quantity=1))
        async with session_factory() as second:
            others = NoteRepository(second, organization_id=organization_id)
            fresh = await others.get_by_id(created.id)
            assert fresh is not None
            await others.update(fresh, {"quantity": 2})
            await second.commit()

        with pytest.raises(StaleDataError) as caught:
            await notes.update(created, {"quantity": 3})

    answer = render_unhandled({"type": "http", "headers": [], "state": {}}, caught.value)
    assert answer.status_code == 409
    assert b"CONCURRENT_MODIFICATION" in answer.body


def test_identifier_names_are_plain_snake_case() -> None:
    import_models(discover_modules().values())

    for table in Base.metadata.tables.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", table.name), table.name
