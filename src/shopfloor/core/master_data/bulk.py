"""Many rows at once: the use cases behind a CSV import and export.

An import upserts by code within the caller's organisation: a code the organisation does
not have yet is created, one it has is updated with the columns the file gives, and a row
whose values are already those is left alone (same version, no audit entry). Everything
happens in the request's one transaction, so a refusal anywhere imports nothing. Creates are
audited like a POST, updates like a PATCH (one `updated` entry with the fields that changed,
`active` among them), and the rows being updated are locked first, in code order.

A dry run reads the same rows, unlocked, and writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.master_data.errors import ExportTooManyRowsError
from shopfloor.core.master_data.repository import MasterDataRepository
from shopfloor.core.master_data.service import Action, Actor, MasterData, RowT, plain

CODE = "code"


@dataclass(frozen=True)
class ImportRow:
    """One row of a file: every field's value (defaults where the file has no column), and
    the columns the file has (the only fields an update changes)."""

    line: int
    values: Mapping[str, Any]
    columns: frozenset[str]


@dataclass(frozen=True)
class ImportSummary:
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int


async def import_rows(
    resource: MasterData[Any, Any],
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    rows: Sequence[ImportRow],
    dry_run: bool,
    actor: Actor,
) -> ImportSummary:
    """Upsert `rows` by code (codes are unique within `rows`; the caller checked)."""
    repository = resource.rows(db_session, organization_id)
    wanted = [plain(row.values) for row in rows]
    found = await repository.get_by_codes([values[CODE] for values in wanted], lock=not dry_run)
    existing = {getattr(row, CODE): row for row in found}
    new: list[dict[str, Any]] = []
    changed: list[tuple[Any, dict[str, Any], dict[str, list[Any]]]] = []
    for row, values in zip(rows, wanted, strict=True):
        current = existing.get(values[CODE])
        if current is None:
            new.append(values)
            continue
        before = resource.audited(current)
        given = {name: value for name, value in values.items() if name in row.columns}
        changes = resource.audit.diff(before, {**before, **given})
        if changes:
            changed.append((current, {name: given[name] for name in changes}, changes))
    summary = ImportSummary(
        dry_run=dry_run,
        rows=len(rows),
        created=len(new),
        updated=len(changed),
        unchanged=len(rows) - len(new) - len(changed),
    )
    if dry_run:
        return summary
    await _create(resource, repository, new, actor)
    await repository.update_all([(current, values) for current, values, _ in changed])
    for current, _, changes in changed:
        await resource.record(repository, current, Action.UPDATED, changes, actor, flush=False)
    # The audit entries in one flush: one per entry would walk the whole session each time.
    await db_session.flush()
    return summary


async def _create(
    resource: MasterData[RowT, Any],
    repository: MasterDataRepository[RowT],
    new: Sequence[Mapping[str, Any]],
    actor: Actor,
) -> None:
    created = [resource.model(**values) for values in new]
    await repository.add_all(created)
    empty = dict.fromkeys(resource.audited_fields)
    for row in created:
        changes = resource.audit.diff(empty, resource.audited(row))
        await resource.record(repository, row, Action.CREATED, changes, actor, flush=False)


async def export_rows(
    resource: MasterData[Any, Any],
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: BaseModel,
    limit: int,
) -> list[BaseModel]:
    """Every row the filters select, as read models; more than `limit`: 422."""
    found = await resource.rows(db_session, organization_id).list_all(filters, limit=limit + 1)
    if len(found) > limit:
        raise ExportTooManyRowsError(params={"limit": limit})
    return [resource.read(row) for row in found]
