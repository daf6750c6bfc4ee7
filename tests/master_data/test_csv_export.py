"""Master data: the lists as CSV files, formula-looking cells, and the size limits."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopfloor.core.database import Database
from shopfloor.main import create_app
from tests.conftest import asgi_client, make_settings
from tests.master_data.conftest import CreateRow
from tests.master_data.resources import (
    Resource,
    csv_file,
    deactivate,
    export_csv,
    import_csv,
    rows_by_code,
)
from tests.master_data.test_csv_import import summary
from tests.support.identity import TestUser

SMALL_LIMIT = 3


def cells(response: httpx.Response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


async def test_the_export_has_the_import_columns_and_every_selected_row(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    for number in range(25):
        await create_row(admin, code=f"EX-{number:02d}", name=f"Row {number}")
    await create_row(admin, code="OTHER-1", name="Not searched")

    answer = await export_csv(client, resource, admin, q="ex-", sort="-code", page_size=5)

    [header, *rows] = cells(answer)
    assert tuple(header) == resource.csv_columns
    # Every page: page and page_size do not apply to a file.
    assert [row[0] for row in rows] == [f"EX-{number:02d}" for number in reversed(range(25))]
    assert answer.content.endswith(b"\r\n")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="{resource.path.rsplit("/", 1)[-1]}.csv"'
    )


async def test_the_export_follows_the_filters(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    kept = await create_row(admin, code="F-1")
    gone = await create_row(admin, code="F-2")
    await deactivate(client, resource, admin, gone)

    active = cells(await export_csv(client, resource, admin, active="true"))
    inactive = cells(await export_csv(client, resource, admin, active="false"))

    assert [row[0] for row in active[1:]] == [kept["code"]]
    assert [(row[0], row[-1]) for row in inactive[1:]] == [(gone["code"], "false")]


async def test_an_empty_selection_is_the_header_alone(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    answer = await export_csv(client, resource, admin)

    assert cells(answer) == [list(resource.csv_columns)]
    assert summary(await import_csv(client, resource, admin, answer.content))["rows"] == 0


@pytest.mark.parametrize(
    "accept",
    [None, "application/json", "*/*", "text/csv;q=0.5, application/json", "text/html"],
)
async def test_json_stays_the_default_answer(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, accept: str | None
) -> None:
    headers = {**admin.headers, **({"Accept": accept} if accept else {})}

    answer = await client.get(resource.path, headers=headers)

    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["success"] is True


async def test_csv_preferred_over_json_is_a_file(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    headers = {**admin.headers, "Accept": "application/json;q=0.4, text/csv"}

    answer = await client.get(resource.path, headers=headers)

    assert answer.headers["content-type"] == "text/csv; charset=utf-8"


async def test_export_then_import_changes_nothing(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    await create_row(admin, code="RT-1", name='Acme, "Precision"', **resource.extra)
    await create_row(admin, code="RT-2", name="=HYPERLINK(1)", **resource.longest)
    gone = await create_row(admin, code="RT-3", name="-minus, +plus")
    await deactivate(client, resource, admin, gone)
    changed = {name: value for name, value in resource.change.items() if name != "name"}
    await create_row(admin, code="RT-4", name="'=already quoted", **changed)
    before = await rows_by_code(client, resource, admin)

    exported = await export_csv(client, resource, admin)
    answer = await import_csv(client, resource, admin, exported.content)

    assert summary(answer) == {
        "dry_run": False,
        "rows": 4,
        "created": 0,
        "updated": 0,
        "unchanged": 4,
    }
    assert await rows_by_code(client, resource, admin) == before


async def test_formula_looking_cells_are_neutralised_on_export(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    names = ["=1+2", "+cmd", "-2", "@SUM(A1)", "'=quoted", "'plain", "a=b"]
    for number, name in enumerate(names):
        await create_row(admin, code=f"FX-{number}", name=name)

    rows = cells(await export_csv(client, resource, admin, sort="code"))[1:]

    assert [row[1] for row in rows] == [
        "'=1+2",
        "'+cmd",
        "'-2",
        "'@SUM(A1)",
        "''=quoted",
        "'plain",
        "a=b",
    ]


async def test_formula_looking_cells_are_imported_as_text(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    body = csv_file(
        [["code", "name"], ["FI-1", "=1+2"], ["FI-2", "'=1+2"], ["FI-3", "''@x"], ["FI-4", "'a"]]
    )

    assert summary(await import_csv(client, resource, admin, body))["created"] == 4
    rows = await rows_by_code(client, resource, admin)
    # The one apostrophe an export adds is removed; nothing is ever evaluated.
    assert [rows[f"FI-{n}"]["name"] for n in range(1, 5)] == ["=1+2", "=1+2", "'@x", "'a"]


async def test_a_file_over_the_row_limit_is_refused(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    # The default limit, 5000 rows; the file stays well under the body limit.
    body = b"code,name\n" + b"".join(b"R%d,N\n" % number for number in range(5001))

    answer = await import_csv(client, resource, admin, body)

    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "IMPORT_TOO_MANY_ROWS"
    assert "5000" in answer.json()["error"]["message"]
    assert await rows_by_code(client, resource, admin) == {}


async def test_a_file_over_the_body_limit_is_refused(
    app: FastAPI, client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    body = b"code,name\n" + b"X,N\n" * (app.state.max_body_bytes // 4)

    answer = await import_csv(client, resource, admin, body)

    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest.fixture(scope="module")
def small_app(database_url: str) -> FastAPI:
    settings = make_settings(
        database_url,
        master_data_import_max_rows=SMALL_LIMIT,
        master_data_export_max_rows=SMALL_LIMIT,
    )
    return create_app(settings, configure_logs=False)


@pytest.fixture
async def small_client(
    small_app: FastAPI,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[httpx.AsyncClient]:
    """The application with imports and exports of at most three rows."""
    small_app.state.database = Database(engine=engine, session_factory=session_factory)
    try:
        async with asgi_client(small_app) as http:
            yield http
    finally:
        small_app.state.database = None


async def test_the_row_limits_are_settings(
    small_client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    rows = [["code", "name"], *([f"S-{n}", "Name"] for n in range(SMALL_LIMIT))]
    at_limit = await import_csv(small_client, resource, admin, csv_file(rows))
    over = await import_csv(small_client, resource, admin, csv_file([*rows, ["S-9", "One more"]]))
    exported = await export_csv(small_client, resource, admin)
    await import_csv(small_client, resource, admin, csv_file([["code", "name"], ["S-9", "More"]]))
    refused = await small_client.get(
        resource.path, headers={**admin.headers, "Accept": "text/csv", "Accept-Language": "en"}
    )

    assert summary(at_limit)["created"] == SMALL_LIMIT
    assert over.status_code == 413
    assert over.json()["error"]["code"] == "IMPORT_TOO_MANY_ROWS"
    assert len(cells(exported)) == SMALL_LIMIT + 1
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "EXPORT_TOO_MANY_ROWS"
    assert refused.json()["error"]["message"] == (
        "More than 3 rows match, the most one export answers; narrow the filters."
    )
    # JSON pages are not capped.
    listed = await small_client.get(resource.path, headers=admin.headers)
    assert listed.json()["pagination"]["total"] == SMALL_LIMIT + 1
