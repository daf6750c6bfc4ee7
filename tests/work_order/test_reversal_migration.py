"""Migration 0013: the checks and the index that guard reversals, and a downgrade that
leaves sums equal to their reports.

Each test gets a scratch database of its own, so the session database never sees these
rows, downgrades or refused statements.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import asyncpg
import pytest

from tests.platform.pg import plain_dsn, scratch_database
from tests.support import migrations

BEFORE = "0012_routing"

ORG, USER, STATION, ORDER, DISPATCH = (uuid.uuid4() for _ in range(5))
KEPT, REVERSED, REVERSAL = (uuid.uuid4() for _ in range(3))

FLOOR = (
    ("INSERT INTO organization (id, name, slug) VALUES ($1, 'Plant', 'plant')", (ORG,)),
    (
        "INSERT INTO user_account (id, organization_id, email, full_name, role, password_hash) "
        "VALUES ($1, $2, 'op@example.com', 'Operator', 'operator', 'x')",
        (USER, ORG),
    ),
    (
        "INSERT INTO work_center (id, organization_id, code, name, version) "
        "VALUES ($1, $2, 'WC-1', 'Lathe', 1)",
        (STATION, ORG),
    ),
    (
        "INSERT INTO work_order (id, organization_id, order_number, product_model, quantity, "
        "produced_qty, version, status) VALUES ($1, $2, 'WO-1', 'GB-200', 100, 3, 1, "
        "'in_progress')",
        (ORDER, ORG),
    ),
    (
        "INSERT INTO dispatch (id, organization_id, work_order_id, work_center_id, sequence, "
        "planned_qty, good_qty, version, status) "
        "VALUES ($1, $2, $3, $4, 1, 100, 3, 1, 'in_progress')",
        (DISPATCH, ORG, ORDER, STATION),
    ),
)
REPORT = (
    "INSERT INTO production_report (id, organization_id, dispatch_id, work_order_id, "
    "operator_id, good_qty, scrap_qty, to_time, reverses_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8)"
)


@pytest.fixture
def database(database_url: str) -> Iterator[str]:
    with scratch_database(database_url) as url:
        migrations.upgrade(url)
        asyncio.run(_floor(url))
        yield url


async def _floor(url: str) -> None:
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        for statement, arguments in FLOOR:
            await connection.execute(statement, *arguments)
    finally:
        await connection.close()


async def _report(
    connection: asyncpg.Connection, report_id: uuid.UUID, good: int, reverses: uuid.UUID | None
) -> None:
    await connection.execute(REPORT, report_id, ORG, DISPATCH, ORDER, USER, good, 0, reverses)


async def _refusals(url: str) -> list[str]:
    """Insert what the checks and the index must refuse; the name of each refusal."""
    connection = await asyncpg.connect(plain_dsn(url))
    refused: list[str] = []
    try:
        await _report(connection, REVERSED, 5, None)
        await _report(connection, REVERSAL, -5, REVERSED)
        for good, reverses in ((-1, None), (2, REVERSED), (0, None)):
            try:
                await _report(connection, uuid.uuid4(), good, reverses)
            except asyncpg.CheckViolationError as error:
                refused.append(error.constraint_name or "")
        try:
            await _report(connection, uuid.uuid4(), -5, REVERSED)
        except asyncpg.UniqueViolationError as error:
            refused.append(error.constraint_name or "")
    finally:
        await connection.close()
    return refused


def test_reversals_are_guarded_by_the_database(database: str) -> None:
    assert asyncio.run(_refusals(database)) == [
        "ck_production_report_quantities",
        "ck_production_report_quantities",
        "ck_production_report_not_empty",
        "uq_production_report_reverses_id",
    ]


async def _pairs_and_key(url: str) -> None:
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        await _report(connection, KEPT, 3, None)
        await _report(connection, REVERSED, 5, None)
        await _report(connection, REVERSAL, -5, REVERSED)
        await connection.execute(
            "INSERT INTO idempotency_record (id, organization_id, key, scope, request_hash, "
            "report_id) VALUES ($1, $2, 'k-1', 'report_reversal', 'h', $3)",
            uuid.uuid4(),
            ORG,
            REVERSAL,
        )
    finally:
        await connection.close()


async def _left(url: str) -> tuple[list[uuid.UUID], int, int]:
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        reports = [row["id"] for row in await connection.fetch("SELECT id FROM production_report")]
        keys = await connection.fetchval("SELECT count(*) FROM idempotency_record")
        total = await connection.fetchval("SELECT sum(good_qty) FROM production_report")
        return reports, keys, total
    finally:
        await connection.close()


def test_downgrade_removes_each_reversed_pair_and_its_keys(database: str) -> None:
    asyncio.run(_pairs_and_key(database))

    migrations.downgrade(database, BEFORE)
    reports, keys, total = asyncio.run(_left(database))
    migrations.upgrade(database)

    # What is left still adds up to the sums (3 on the order and the dispatch).
    assert (reports, keys, total) == ([KEPT], 0, 3)
    assert asyncio.run(_refusals(database))[-1] == "uq_production_report_reverses_id"
