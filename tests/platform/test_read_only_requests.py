"""GET and HEAD requests read in autocommit (no BEGIN or COMMIT) and may not write."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import insert, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shopfloor.core.database import Database, DbSession, create_engine
from tests.platform.conftest import build_app, http_client, platform_settings
from tests.platform.modules.alpha.constants import NOTE_TABLE_DDL
from tests.platform.modules.alpha.models import PlatformNote
from tests.platform.pg import execute, fetch_value, scratch_database

# Two statements a moment apart: inside one transaction they share its start time, in
# autocommit each statement is a transaction of its own.
_STARTED = text("SELECT transaction_timestamp()::text")


def add_probe_routes(app: FastAPI) -> None:
    async def transaction_starts(db_session: DbSession) -> dict[str, Any]:
        first = (await db_session.execute(_STARTED)).scalar_one()
        await db_session.execute(text("SELECT pg_sleep(0.01)"))
        second = (await db_session.execute(_STARTED)).scalar_one()
        return {"one_transaction": first == second}

    async def write_in_a_read(how: str, code: str, db_session: DbSession) -> dict[str, Any]:
        organization = uuid.UUID(int=1)
        if how == "flush":
            db_session.add(PlatformNote(organization_id=organization, code=code, title=code))
            await db_session.flush()
        elif how == "insert":
            await db_session.execute(
                insert(PlatformNote).values(
                    id=uuid.uuid4(),
                    organization_id=organization,
                    code=code,
                    title=code,
                    quantity=0,
                    version=1,
                )
            )
        else:
            await db_session.execute(update(PlatformNote).values(quantity=7))
        return {"written": True}

    app.add_api_route("/probe/transaction", transaction_starts, methods=["GET", "POST"])
    app.add_api_route("/probe/write/{how}/{code}", write_in_a_read, methods=["GET"])


@dataclass
class Live:
    client: httpx.AsyncClient
    engine: AsyncEngine
    url: str


@pytest.fixture(scope="module")
def notes_url(database_url: str) -> Iterator[str]:
    with scratch_database(database_url) as url:
        asyncio.run(execute(url, NOTE_TABLE_DDL))
        yield url


@pytest.fixture
async def live(notes_url: str) -> AsyncIterator[Live]:
    settings = platform_settings(notes_url, enabled_modules=["alpha"])
    engine = create_engine(settings)
    app = build_app(settings, database=Database(engine=engine))
    add_probe_routes(app)
    try:
        async with http_client(app) as client:
            yield Live(client, engine, notes_url)
    finally:
        await engine.dispose()


async def test_a_get_runs_without_a_transaction_and_a_post_inside_one(live: Live) -> None:
    read = await live.client.get("/probe/transaction")
    written = await live.client.post("/probe/transaction")

    assert read.status_code == 200
    assert read.json() == {"one_transaction": False}
    assert written.status_code == 200
    assert written.json() == {"one_transaction": True}


async def test_a_get_leaves_its_connection_outside_any_transaction(live: Live) -> None:
    for _ in range(3):
        assert (await live.client.get("/probe/transaction")).status_code == 200

    # Handed back to the pool in autocommit or not, the next POST still gets a transaction.
    assert (await live.client.post("/probe/transaction")).json() == {"one_transaction": True}
    assert live.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("how", ["flush", "insert", "update"])
async def test_a_get_that_writes_fails_and_stores_nothing(live: Live, how: str) -> None:
    code = f"GET-{how.upper()}"

    response = await live.client.get(f"/probe/write/{how}/{code}")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "INTERNAL_ERROR"
    stored = await fetch_value(
        live.url, "SELECT count(*) FROM platform_note WHERE code = $1 OR quantity = 7", code
    )
    assert stored == 0
    assert live.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_reads_inside_a_tests_transaction_see_its_uncommitted_rows(
    platform_app: FastAPI, platform_client: httpx.AsyncClient, note_table: str
) -> None:
    """An injected session factory (the test's outer transaction) serves GETs too."""
    headers = {"X-Organization-ID": str(uuid.uuid4())}
    created = await platform_client.post(
        "/api/v1/alpha/notes", json={"code": "SEEN", "title": "Seen"}, headers=headers
    )

    read = await platform_client.get(
        f"/api/v1/alpha/notes/{created.json()['data']['id']}", headers=headers
    )

    assert created.status_code == 201
    assert read.status_code == 200
    assert read.json()["data"]["code"] == "SEEN"
