"""Which PostgreSQL the benchmark uses, a fresh database on it, and its migrations.

In order: `DATABASE_URL` when set (used as it is: the benchmark only adds an organisation of
its own), else the server at 127.0.0.1:5432 when it answers (the database `shopfloor_bench`
is dropped and created again on every run), else an embedded server in a temporary folder
that lives as long as the benchmark.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from shopfloor.core.database import async_url

LOCAL_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "shopfloor_bench"
PROBE_TIMEOUT_S = 3


@dataclass(frozen=True, slots=True)
class BenchDatabase:
    url: str
    source: str  # "DATABASE_URL", "local server" or "embedded"

    @property
    def name(self) -> str:
        return str(make_url(self.url).database or "")


def engine_for(url: str, *, autocommit: bool = False) -> AsyncEngine:
    """A pool-less engine: the benchmark's own connections must not linger during the run."""
    options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    return create_async_engine(async_url(url), poolclass=NullPool, **options)


async def _answers(url: str) -> bool:
    engine = engine_for(url)
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_S), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # any failure means: not this server
        return False
    finally:
        await engine.dispose()
    return True


async def _recreate(server_url: str, name: str) -> None:
    engine = engine_for(server_url, autocommit=True)
    try:
        async with engine.connect() as connection:
            # FORCE ends connections a previous, interrupted run may have left behind.
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


def _embedded() -> str:
    from shopfloor.core.embedded_db import start_embedded_postgres

    root = Path(tempfile.mkdtemp(prefix="shopfloor-bench-pg-"))
    # Registered before the server starts, so it runs after the server deleted its data.
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return start_embedded_postgres(root / "pgdata", database=BENCH_DATABASE, temporary=True)


def choose_database() -> BenchDatabase:
    given = os.environ.get("DATABASE_URL", "").strip()
    if given:
        return BenchDatabase(url=given, source="DATABASE_URL")
    if asyncio.run(_answers(LOCAL_SERVER_URL)):
        asyncio.run(_recreate(LOCAL_SERVER_URL, BENCH_DATABASE))
        url = make_url(LOCAL_SERVER_URL).set(database=BENCH_DATABASE)
        return BenchDatabase(url=url.render_as_string(hide_password=False), source="local server")
    return BenchDatabase(url=_embedded(), source="embedded")


def migrate(url: str, env: Mapping[str, str], log: Path) -> None:
    """`shopfloor db upgrade` in a child process, as an operator would run it."""
    with log.open("w") as output:
        completed = subprocess.run(
            [sys.executable, "-m", "shopfloor.cli", "db", "upgrade"],
            env={**env, "DATABASE_URL": url},
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"migrations failed, see {log}")


async def server_version(url: str) -> str:
    engine = engine_for(url)
    try:
        async with engine.connect() as connection:
            return str((await connection.execute(text("SHOW server_version"))).scalar_one())
    finally:
        await engine.dispose()
