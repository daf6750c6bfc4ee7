"""The application with its lifespan running, on committed data: its notification listener
listens on the test database, so the caches that depend on it answer (`core/notified_cache`).

Requests commit for real (use the `live_*` fixtures to arrange data): notifications are sent
only when a change commits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from shopfloor.core.config import AppSettings
from shopfloor.core.database import Database
from shopfloor.core.notifications import listener_of
from shopfloor.main import create_app

LISTENER = "shopfloor-notifications"


class RunningApp:
    def __init__(self, app: FastAPI, http: httpx.AsyncClient) -> None:
        self.app = app
        self.http = http


def build(settings: AppSettings, engine: AsyncEngine) -> RunningApp:
    app = create_app(settings, configure_logs=False)
    app.state.database = Database(engine=engine)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return RunningApp(app, httpx.AsyncClient(transport=transport, base_url="http://testserver"))


@asynccontextmanager
async def running(settings: AppSettings, engine: AsyncEngine) -> AsyncIterator[RunningApp]:
    """The app, its lifespan started; the listener must be listening when it is enabled."""
    run = build(settings, engine)
    async with run.app.router.lifespan_context(run.app), run.http:
        if settings.db_notifications:
            assert listener_of(run.app).listening
        yield run


@asynccontextmanager
async def triggers_off(
    session: AsyncSession, table: str, triggers: Sequence[str]
) -> AsyncIterator[None]:
    """No notifications from these triggers for the block: what a cache answers then shows
    where it came from. `session` must commit for real (`live_session`)."""
    for trigger in triggers:
        await session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}"))
    await session.commit()
    try:
        yield
    finally:
        await session.rollback()
        for trigger in triggers:
            await session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}"))
        await session.commit()


async def drop_listeners(session: AsyncSession) -> None:
    """Cut every notification listener on the test database, as a network failure would."""
    await session.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = :name AND datname = current_database()"
        ),
        {"name": LISTENER},
    )
    await session.commit()
