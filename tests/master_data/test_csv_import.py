"""Master data: CSV import, upserting by code, all or nothing, for every resource."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import (
    Resource,
    csv_file,
    import_csv,
    problems,
    rows_by_code,
)
from tests.master_data.test_audit import history
from tests.support.identity import TestUser


def summary(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def extra_columns(resource: Resource) -> tuple[list[str], list[str]]:
    """The resource's optional fields as a header part and a row part."""
    names = list(resource.extra)
    return names, [str(resource.extra[name]) for name in names]


async def test_new_codes_are_created_and_audited_like_a_post(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser, resource: Resource
) -> None:
    names, values = extra_columns(resource)
    second = ["IMP-2", "Two", *[""] * len(names)]
    body = csv_file([["code", "name", *names], ["imp-1", "First", *values], second])

    answer = await import_csv(
        client, resource, admin, body, headers={"X-Request-ID": "csv-import-1"}
    )

    assert summary(answer) == {
        "dry_run": False,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    rows = await rows_by_code(client, resource, admin)
    assert set(rows) == {"IMP-1", "IMP-2"}
    first = rows["IMP-1"]
    assert {name: first[name] for name in names} == dict(resource.extra)
    assert (first["name"], first["active"], first["version"]) == ("First", True, 1)
    [entry] = await history(db_session, resource, admin, first["id"])
    assert entry.action == "created"
    assert entry.resource_key == "IMP-1"
    assert entry.actor_id == admin.id
    assert entry.request_id == "csv-import-1"
    assert entry.changes is not None
    assert entry.changes["code"] == [None, "IMP-1"]
    assert entry.changes["active"] == [None, True]


async def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    client: httpx.AsyncClient, db_session: AsyncSession, admin: TestUser, resource: Resource
) -> None:
    names, values = extra_columns(resource)
    body = csv_file([["code", "name", *names], ["TWICE-1", "Once", *values]])
    await import_csv(client, resource, admin, body)
    before = await rows_by_code(client, resource, admin)

    again = await import_csv(client, resource, admin, body)

    assert summary(again) == {
        "dry_run": False,
        "rows": 1,
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    assert await rows_by_code(client, resource, admin) == before
    assert len(await history(db_session, resource, admin, before["TWICE-1"]["id"])) == 1


async def test_an_existing_code_is_updated_with_the_columns_the_file_has(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    kept = await create_row(admin, code="UPD-1", name="Old name", **resource.extra)
    body = csv_file([["code", "name"], ["upd-1", "New name"]])

    answer = await import_csv(client, resource, admin, body)

    assert summary(answer)["updated"] == 1
    row = (await rows_by_code(client, resource, admin))["UPD-1"]
    assert row["id"] == kept["id"]
    assert (row["name"], row["version"]) == ("New name", 2)
    # Columns the file does not have stay as they were.
    assert {name: row[name] for name in resource.extra} == dict(resource.extra)
    entries = await history(db_session, resource, admin, kept["id"])
    assert [entry.action for entry in entries] == ["created", "updated"]
    assert entries[1].changes == {"name": ["Old name", "New name"]}


async def test_an_empty_cell_clears_an_optional_field(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    await create_row(admin, code="CLR-1", **resource.extra)
    header = ["code", "name", *resource.clearable]
    empty = [""] * len(resource.clearable)
    # A trailing blank line is skipped.
    body = csv_file([header, ["CLR-1", resource.default_name, *empty]]) + b"\r\n"

    answer = await import_csv(client, resource, admin, body)

    assert summary(answer)["rows"] == summary(answer)["updated"] == 1
    row = (await rows_by_code(client, resource, admin))["CLR-1"]
    assert [row[name] for name in resource.clearable] == [None] * len(resource.clearable)
    assert row["version"] == 2


async def test_the_active_column_deactivates_and_activates(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    existing = await create_row(admin, code="ACT-1", name="Active")
    body = csv_file(
        [["code", "name", "active"], ["ACT-1", "Active", "false"], ["ACT-2", "New", "FALSE"]]
    )

    answer = await import_csv(client, resource, admin, body)

    assert summary(answer) == {
        "dry_run": False,
        "rows": 2,
        "created": 1,
        "updated": 1,
        "unchanged": 0,
    }
    rows = await rows_by_code(client, resource, admin)
    assert (rows["ACT-1"]["active"], rows["ACT-1"]["version"]) == (False, 2)
    assert rows["ACT-2"]["active"] is False
    entries = await history(db_session, resource, admin, existing["id"])
    assert entries[-1].action == "updated"
    assert entries[-1].changes == {"active": [True, False]}
    # An empty cell means what a create gives: active.
    again = csv_file([["code", "name", "active"], ["ACT-1", "Active", ""]])
    assert summary(await import_csv(client, resource, admin, again))["updated"] == 1
    assert (await rows_by_code(client, resource, admin))["ACT-1"]["active"] is True


async def test_a_dry_run_counts_and_writes_nothing(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    same = await create_row(admin, code="DRY-1", name="Same")
    changed = await create_row(admin, code="DRY-2", name="Before")
    body = csv_file([["code", "name"], ["DRY-1", "Same"], ["DRY-2", "After"], ["DRY-3", "New"]])

    answer = await import_csv(client, resource, admin, body, dry_run=True)

    assert summary(answer) == {
        "dry_run": True,
        "rows": 3,
        "created": 1,
        "updated": 1,
        "unchanged": 1,
    }
    rows = await rows_by_code(client, resource, admin)
    assert rows == {"DRY-1": same, "DRY-2": changed}
    assert len(await history(db_session, resource, admin, changed["id"])) == 1
    real = await import_csv(client, resource, admin, body, dry_run=False)
    assert summary(real) == {**summary(answer), "dry_run": False}


async def test_a_bom_crlf_lf_and_quoted_cells_are_read(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    with_bom = csv_file([["code", "name"], ["Q-1", 'Acme, "Precision"']], bom=True)
    with_lf = csv_file([["Code ", " NAME"], ["Q-2", "Plain"]], line_end="\n")

    assert summary(await import_csv(client, resource, admin, with_bom))["created"] == 1
    assert summary(await import_csv(client, resource, admin, with_lf))["created"] == 1
    rows = await rows_by_code(client, resource, admin)
    assert rows["Q-1"]["name"] == 'Acme, "Precision"'
    assert rows["Q-2"]["name"] == "Plain"


async def test_a_quoted_line_break_is_refused_in_one_line_fields(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    body = csv_file([["code", "name"], ["NL-1", "Two\nlines"], ["NL-2", "Fine"]])

    answer = await import_csv(client, resource, admin, body)

    assert problems(answer, "IMPORT_INVALID_ROWS") == [(2, "name", "INVALID_CHARACTER")]
    # The quoted line break makes the next row start on line 4.
    bad_next = body + b"NL-3,\r\n"
    assert problems(await import_csv(client, resource, admin, bad_next), "IMPORT_INVALID_ROWS")[
        -1
    ] == (5, "name", "MISSING")
    assert await rows_by_code(client, resource, admin) == {}


async def test_a_header_only_file_imports_nothing(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    answer = await import_csv(client, resource, admin, b"code,name\r\n")

    assert summary(answer) == {
        "dry_run": False,
        "rows": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
    }


@pytest.mark.parametrize(
    ("body", "line", "code"),
    [
        (b"", 1, "EMPTY_FILE"),
        (b"\xef\xbb\xbf", 1, "EMPTY_FILE"),
        (b"\r\n\r\n", 1, "EMPTY_FILE"),
        (b"code,name\r\nOK,Fine\r\nBAD,\xff\xfe\r\n", 3, "INVALID_ENCODING"),
        (b'code,name\r\nQ,"never closed\r\n', 2, "CSV_SYNTAX"),
        (b'code,name\r\nQ,"closed"then more\r\n', 2, "CSV_SYNTAX"),
    ],
    ids=["empty", "bom-only", "blank-lines", "latin-1", "open-quote", "text-after-quote"],
)
async def test_an_unreadable_file_is_refused(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    body: bytes,
    line: int,
    code: str,
) -> None:
    answer = await import_csv(client, resource, admin, body)

    assert problems(answer, "IMPORT_MALFORMED_CSV") == [(line, None, code)]
    assert await rows_by_code(client, resource, admin) == {}
