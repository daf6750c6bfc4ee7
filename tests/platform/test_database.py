"""The engine, its pool and server settings, the lifespan, and the request's unit of work."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import QueuePool, event, text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from shopfloor.core.database import Database, async_url, create_engine, engine_options
from tests.platform.asgi import lifespan
from tests.platform.conftest import build_app, http_client, platform_settings
from tests.platform.modules.alpha.constants import NOTE_TABLE_DDL
from tests.platform.pg import count_connections, fetch_value, scratch_database, settle_connections

# -- engine ----------------------------------------------------------------------------------


def test_engine_pool_follows_the_settings() -> None:
    settings = platform_settings(
        "postgresql://app@127.0.0.1:5432/shopfloor",
        db_pool_size=7,
        db_max_overflow=3,
        db_pool_timeout_s=1.5,
        db_pool_recycle_s=900,
        db_pool_pre_ping=False,
        db_connect_timeout_s=2.5,
        db_statement_timeout_ms=4_000,
        db_lock_timeout_ms=1_000,
    )

    options = engine_options(settings)
    engine = create_engine(settings)
    pool = engine.pool

    assert isinstance(pool, QueuePool)
    assert pool.size() == 7
    assert pool.timeout() == 1.5
    assert options["max_overflow"] == 3
    assert options["pool_recycle"] == 900
    assert options["pool_pre_ping"] is False
    assert options["connect_args"]["timeout"] == 2.5
    assert options["connect_args"]["server_settings"] == {
        "application_name": "shopfloor",
        "timezone": "UTC",
        "statement_timeout": "4000",
        "lock_timeout": "1000",
        "idle_in_transaction_session_timeout": "60000",
    }
    assert engine.url.drivername == "postgresql+asyncpg"


@pytest.mark.parametrize(
    "url",
    [
        "postgres://app@db:5432/mes",
        "postgresql://app@db:5432/mes",
        "postgresql+psycopg2://app@db:5432/mes",
        "postgresql+asyncpg://app@db:5432/mes",
    ],
)
def test_database_urls_are_normalised_to_asyncpg(url: str) -> None:
    parsed = async_url(url)

    assert parsed.drivername == "postgresql+asyncpg"
    assert (parsed.host, parsed.port, parsed.database) == ("db", 5432, "mes")


def test_create_engine_without_a_url_explains_itself() -> None:
    settings = platform_settings(None)

    with pytest.raises(RuntimeError, match="DATABASE_URL is not set"):
        create_engine(settings)


# -- lifespan --------------------------------------------------------------------------------


async def test_the_lifespan_owns_one_engine_with_the_configured_server_settings(
    isolated_database_url: str,
) -> None:
    settings = platform_settings(
        isolated_database_url,
        enabled_modules=["alpha", "beta"],
        db_statement_timeout_ms=1234,
        db_lock_timeout_ms=321,
    )
    app = build_app(settings)
    before: object = app.state.database

    async with lifespan(app):
        database = app.state.database
        assert isinstance(database, Database)
        async with http_client(app) as client:
            answers = [await client.get("/api/v1/beta/database/settings") for _ in range(3)]
        assert app.state.database is database
        open_while_serving = await count_connections(isolated_database_url)
    after: object = app.state.database

    assert before is None
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert answers[0].json()["data"] == {
        "statement_timeout": "1234ms",
        "lock_timeout": "321ms",
        "idle_in_transaction_session_timeout": "1min",
        "application_name": "shopfloor",
        "timezone": "UTC",
    }
    # Sequential requests reuse one pooled connection.
    assert open_while_serving == 1
    assert after is None
    assert await settle_connections(isolated_database_url) == 0


async def test_an_injected_database_is_left_to_its_owner(
    isolated_database_url: str,
) -> None:
    settings = platform_settings(isolated_database_url, enabled_modules=[])
    engine = create_engine(settings)
    database = Database(engine=engine)
    app = build_app(settings, database=database)
    try:
        async with lifespan(app), http_client(app) as client:
            ready = await client.get("/health/ready")

        assert ready.status_code == 200
        assert app.state.database is database
        assert await count_connections(isolated_database_url) == 1
    finally:
        await engine.dispose()


# -- unit of work inside the test transaction ------------------------------------------------


def note(code: str, **extra: object) -> dict[str, object]:
    return {"code": code, "title": f"Title of {code}", **extra}


async def count_notes(db_session: AsyncSession, code: str) -> int:
    result = await db_session.execute(
        text("SELECT count(*) FROM platform_note WHERE code = :code"), {"code": code}
    )
    return int(result.scalar_one())


@pytest.mark.usefixtures("note_table")
async def test_a_handler_that_writes_and_returns_persists(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str], db_session: AsyncSession
) -> None:
    created = await platform_client.post(
        "/api/v1/alpha/notes", json=note("N-1"), headers=org_headers
    )
    note_id = created.json()["data"]["id"]

    read = await platform_client.get(f"/api/v1/alpha/notes/{note_id}", headers=org_headers)

    assert created.status_code == 201
    assert read.status_code == 200
    assert read.json()["data"]["code"] == "N-1"
    assert await count_notes(db_session, "N-1") == 1


@pytest.mark.usefixtures("note_table")
@pytest.mark.parametrize(("failure", "status"), [("domain", 409), ("crash", 500)])
async def test_a_handler_that_writes_then_raises_leaves_nothing(
    failure: str,
    status: int,
    platform_client: httpx.AsyncClient,
    org_headers: dict[str, str],
    db_session: AsyncSession,
) -> None:
    kept = await platform_client.post("/api/v1/alpha/notes", json=note("KEPT"), headers=org_headers)

    refused = await platform_client.post(
        f"/api/v1/alpha/notes/refused?failure={failure}", json=note("GONE"), headers=org_headers
    )

    assert kept.status_code == 201
    assert refused.status_code == status
    assert await count_notes(db_session, "GONE") == 0
    assert await count_notes(db_session, "KEPT") == 1


# -- unit of work with real commits ----------------------------------------------------------


def deferred_note_table() -> str:
    """Alpha's table with the code constraint checked at COMMIT instead of at each insert."""
    immediate = "CONSTRAINT uq_platform_note_organization_id_code UNIQUE (organization_id, code)"
    assert immediate in NOTE_TABLE_DDL
    return NOTE_TABLE_DDL.replace(immediate, f"{immediate} DEFERRABLE INITIALLY DEFERRED")


@pytest.fixture(scope="module")
def committed_notes_url(database_url: str) -> Iterator[str]:
    import asyncio

    from tests.platform.pg import execute

    with scratch_database(database_url) as url:
        asyncio.run(execute(url, deferred_note_table()))
        yield url


@dataclass
class Transactions:
    commits: int = 0
    rollbacks: int = 0


@dataclass
class LiveNotes:
    client: httpx.AsyncClient
    engine: AsyncEngine
    transactions: Transactions
    headers: dict[str, str]


@pytest.fixture
async def live_notes(committed_notes_url: str) -> AsyncIterator[LiveNotes]:
    settings = platform_settings(committed_notes_url, enabled_modules=["alpha"])
    engine = create_engine(settings)
    transactions = Transactions()

    def on_commit(connection: object) -> None:
        transactions.commits += 1

    def on_rollback(connection: object) -> None:
        transactions.rollbacks += 1

    event.listen(engine.sync_engine, "commit", on_commit)
    event.listen(engine.sync_engine, "rollback", on_rollback)
    app = build_app(settings, database=Database(engine=engine))
    headers = {"X-Organization-ID": str(uuid.uuid4())}
    try:
        async with http_client(app) as client:
            yield LiveNotes(client, engine, transactions, headers)
    finally:
        await engine.dispose()


async def committed_codes(url: str, organization: str) -> object:
    return await fetch_value(
        url,
        "SELECT coalesce(array_agg(code ORDER BY code), '{}') FROM platform_note "
        "WHERE organization_id = $1::uuid",
        organization,
    )


async def test_success_commits_exactly_once(
    live_notes: LiveNotes, committed_notes_url: str
) -> None:
    created = await live_notes.client.post(
        "/api/v1/alpha/notes", json=note("LIVE-1"), headers=live_notes.headers
    )

    assert created.status_code == 201
    assert live_notes.transactions.commits == 1
    assert live_notes.transactions.rollbacks == 0
    organization = live_notes.headers["X-Organization-ID"]
    assert await committed_codes(committed_notes_url, organization) == ["LIVE-1"]


@pytest.mark.parametrize(("failure", "status"), [("domain", 409), ("crash", 500)])
async def test_failure_rolls_back_and_commits_nothing(
    failure: str, status: int, live_notes: LiveNotes, committed_notes_url: str
) -> None:
    refused = await live_notes.client.post(
        f"/api/v1/alpha/notes/refused?failure={failure}",
        json=note("LIVE-GONE"),
        headers=live_notes.headers,
    )

    assert refused.status_code == status
    assert live_notes.transactions.commits == 0
    assert live_notes.transactions.rollbacks == 1
    organization = live_notes.headers["X-Organization-ID"]
    assert await committed_codes(committed_notes_url, organization) == []


async def test_a_refusal_that_keeps_its_changes_commits_them_and_answers_its_status(
    live_notes: LiveNotes, committed_notes_url: str
) -> None:
    refused = await live_notes.client.post(
        "/api/v1/alpha/notes/refused?failure=kept",
        json=note("LIVE-KEPT"),
        headers=live_notes.headers,
    )

    assert refused.status_code == 409
    assert refused.json()["success"] is False
    assert refused.json()["error"]["code"] == "ALPHA_NOTE_REFUSED"
    assert live_notes.transactions.commits == 1
    assert live_notes.transactions.rollbacks == 0
    organization = live_notes.headers["X-Organization-ID"]
    assert await committed_codes(committed_notes_url, organization) == ["LIVE-KEPT"]


async def test_a_failing_commit_still_becomes_an_error_response(
    live_notes: LiveNotes, committed_notes_url: str
) -> None:
    first = await live_notes.client.post(
        "/api/v1/alpha/notes", json=note("DUP"), headers=live_notes.headers
    )

    # The deferred constraint is only checked by COMMIT, after the handler returned: the
    # client must still get the mapped conflict, not a 201 for a row that was never saved.
    second = await live_notes.client.post(
        "/api/v1/alpha/notes",
        json={"code": "DUP", "title": "Another title"},
        headers=live_notes.headers,
    )

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "ALPHA_NOTE_CODE_TAKEN"
    organization = live_notes.headers["X-Organization-ID"]
    assert await committed_codes(committed_notes_url, organization) == ["DUP"]


async def test_requests_do_not_leak_connections(live_notes: LiveNotes) -> None:
    for index in range(5):
        response = await live_notes.client.post(
            "/api/v1/alpha/notes/refused?failure=crash",
            json=note(f"LEAK-{index}"),
            headers=live_notes.headers,
        )
        assert response.status_code == 500

    assert live_notes.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


# -- pinging idle connections ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pre_ping", "idle_s", "expected"),
    [(True, 0.0, True), (True, 10.0, False), (False, 0.0, False), (False, 10.0, False)],
)
def test_sqlalchemy_pre_ping_is_used_only_for_an_idle_threshold_of_zero(
    pre_ping: bool, idle_s: float, expected: bool
) -> None:
    settings = platform_settings(
        "postgresql://app@127.0.0.1:5432/shopfloor",
        db_pool_pre_ping=pre_ping,
        db_pool_ping_idle_s=idle_s,
    )

    assert engine_options(settings)["pool_pre_ping"] is expected


async def _backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def _terminate(url: str, pid: int) -> None:
    assert await fetch_value(url, "SELECT pg_terminate_backend($1)", pid) is True


@asynccontextmanager
async def one_connection_pool(database_url: str, idle_s: float) -> AsyncIterator[AsyncEngine]:
    """An engine whose pool holds exactly one connection, pinged after `idle_s` idle."""
    settings = platform_settings(
        database_url, db_pool_size=1, db_max_overflow=0, db_pool_ping_idle_s=idle_s
    )
    engine = create_engine(settings)
    try:
        yield engine
    finally:
        await engine.dispose()


def count_pings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the driver adapter's round-trip pings (the real ping still runs)."""
    calls: list[int] = []
    original = AsyncAdapt_asyncpg_connection.ping

    def counted(self: AsyncAdapt_asyncpg_connection) -> None:
        calls.append(1)
        original(self)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", counted)
    return calls


async def test_a_connection_cut_while_idle_is_replaced_before_use(database_url: str) -> None:
    async with one_connection_pool(database_url, idle_s=0.05) as engine:
        first = await _backend_pid(engine)
        await _terminate(database_url, first)
        await asyncio.sleep(0.2)
        second = await _backend_pid(engine)

    assert second != first


async def test_a_connection_used_a_moment_ago_is_not_pinged(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = count_pings(monkeypatch)
    async with one_connection_pool(database_url, idle_s=3600) as engine:
        first = await _backend_pid(engine)
        second = await _backend_pid(engine)

    assert second == first
    assert pings == []


async def test_an_idle_connection_is_pinged_once_before_use(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = count_pings(monkeypatch)
    async with one_connection_pool(database_url, idle_s=0.05) as engine:
        first = await _backend_pid(engine)
        await asyncio.sleep(0.2)
        second = await _backend_pid(engine)

    assert second == first
    assert pings == [1]
