"""Migrations 0001-0003 go up and down cleanly; 0003 owns the append-only triggers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from shopfloor.core.database import async_url
from tests.support import migrations
from tests.support.database import temporary_database

MY_TABLES = {"organization", "user_account", "refresh_token", "login_attempt", "audit_log"}


def _plain(url: str) -> str:
    return async_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _state(url: str) -> tuple[set[str], set[str], bool]:
    connection = await asyncpg.connect(_plain(url))
    try:
        tables = {
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        }
        triggers = {
            row["tgname"]
            for row in await connection.fetch(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            )
        }
        function = await connection.fetchval(
            "SELECT count(*) FROM pg_proc WHERE proname = 'audit_log_refuse_change'"
        )
    finally:
        await connection.close()
    return tables, triggers, bool(function)


@pytest.fixture(scope="module")
def scratch_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with temporary_database(Path(tmp_path_factory.mktemp("migrations"))) as url:
        yield url


def test_up_and_down_and_up_again(scratch_url: str) -> None:
    migrations.upgrade(scratch_url, "0003_audit_log")
    tables, triggers, function = asyncio.run(_state(scratch_url))
    assert tables >= MY_TABLES
    assert {"audit_log_refuse_update_delete", "audit_log_refuse_truncate"} <= triggers
    assert function

    migrations.downgrade(scratch_url, "0002_auth_tokens")
    tables, triggers, function = asyncio.run(_state(scratch_url))
    assert "audit_log" not in tables
    assert not {name for name in triggers if name.startswith("audit_log")}
    assert not function
    assert {"refresh_token", "login_attempt"} <= tables

    migrations.downgrade(scratch_url, "base")
    tables, _, _ = asyncio.run(_state(scratch_url))
    assert not tables & MY_TABLES

    migrations.upgrade(scratch_url, "0003_audit_log")
    tables, triggers, function = asyncio.run(_state(scratch_url))
    assert tables >= MY_TABLES
    assert function
