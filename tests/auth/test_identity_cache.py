"""The cache of identities in a running application, on committed data.

Each test starts the application's lifespan, so its notification listener runs against the
test database, and requests commit for real (`live_*` fixtures): notifications are sent only
when a change commits.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from shopfloor.core.notifications import listener_of
from shopfloor.main import create_app
from shopfloor.user import service as user_service
from shopfloor.user.identity_cache import CHANNEL, IdentityCache
from shopfloor.user.models import UserAccount
from tests.conftest import make_settings
from tests.support.identity import MakeUser, TestUser, access_token_for, bearer
from tests.support.running_app import RunningApp, drop_listeners, triggers_off
from tests.support.running_app import running as running_app
from tests.support.waiting import eventually

ME = "/api/v1/users/me"
LOGOUT_ALL = "/api/v1/auth/logout-all"
IDENTITY_TRIGGER = "user_account_identity_changed"


def cache_of(run: RunningApp) -> IdentityCache:
    cache = user_service.identity_cache_of(run.app)
    assert cache is not None
    return cache


def knows(run: RunningApp, user: TestUser) -> bool:
    return cache_of(run).get(user.id) is not None


@pytest.fixture
async def running(database_url: str, engine: AsyncEngine) -> AsyncIterator[RunningApp]:
    async with running_app(make_settings(database_url), engine) as run:
        assert cache_of(run).answering
        yield run
    assert not cache_of(run).answering


@pytest.fixture
async def identity_trigger_off(live_session: AsyncSession) -> AsyncIterator[None]:
    async with triggers_off(live_session, "user_account", [IDENTITY_TRIGGER]):
        yield


async def bump_token_version(live_session: AsyncSession, user: TestUser) -> None:
    """A change committed by someone else (another worker, a script)."""
    await live_session.execute(
        update(UserAccount)
        .where(UserAccount.id == user.id)
        .values(token_version=UserAccount.token_version + 1)
    )
    await live_session.commit()


async def test_a_read_request_keeps_the_callers_identity(
    running: RunningApp, live_make_user: MakeUser
) -> None:
    user = await live_make_user(role="viewer")
    assert not knows(running, user)
    answer = await running.http.get(ME, headers=user.headers)
    assert answer.status_code == 200
    assert knows(running, user)


async def test_read_requests_are_answered_from_the_cache(
    running: RunningApp,
    live_make_user: MakeUser,
    live_session: AsyncSession,
    identity_trigger_off: None,
) -> None:
    user = await live_make_user(role="viewer")
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    # With the trigger off this change sends nothing; a read still passes on what the
    # cache holds, which proves the read did not ask the database.
    await bump_token_version(live_session, user)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200


async def test_a_write_request_always_reads_the_account(
    running: RunningApp,
    live_make_user: MakeUser,
    live_session: AsyncSession,
    identity_trigger_off: None,
) -> None:
    user = await live_make_user(role="viewer")
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    await bump_token_version(live_session, user)
    answer = await running.http.post(LOGOUT_ALL, headers=user.headers)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "INVALID_TOKEN"


async def test_a_change_committed_elsewhere_is_forgotten(
    running: RunningApp, live_make_user: MakeUser, live_session: AsyncSession
) -> None:
    user = await live_make_user(role="viewer")
    bystander = await live_make_user(role="viewer")
    for caller in (user, bystander):
        assert (await running.http.get(ME, headers=caller.headers)).status_code == 200
    await bump_token_version(live_session, user)
    await eventually(lambda: not knows(running, user))
    assert knows(running, bystander)
    answer = await running.http.get(ME, headers=user.headers)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "INVALID_TOKEN"
    assert (await running.http.get(ME, headers=bystander.headers)).status_code == 200


async def test_logout_everywhere_refuses_the_next_read(
    running: RunningApp, live_make_user: MakeUser
) -> None:
    user = await live_make_user(role="planner")
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    assert (await running.http.post(LOGOUT_ALL, headers=user.headers)).status_code == 200
    await eventually(lambda: not knows(running, user))
    assert (await running.http.get(ME, headers=user.headers)).status_code == 401


async def test_deactivation_and_deletion_are_forgotten(
    running: RunningApp, live_make_user: MakeUser, live_session: AsyncSession
) -> None:
    deactivated = await live_make_user(role="viewer")
    deleted = await live_make_user(role="viewer")
    for caller in (deactivated, deleted):
        assert (await running.http.get(ME, headers=caller.headers)).status_code == 200
    await live_session.execute(
        update(UserAccount).where(UserAccount.id == deactivated.id).values(is_active=False)
    )
    await live_session.execute(
        update(UserAccount).where(UserAccount.id == deleted.id).values(deleted_at=text("now()"))
    )
    await live_session.commit()
    await eventually(lambda: not knows(running, deactivated) and not knows(running, deleted))
    for caller in (deactivated, deleted):
        assert (await running.http.get(ME, headers=caller.headers)).status_code == 401


async def test_changes_authentication_does_not_check_are_not_notified(
    running: RunningApp, live_make_user: MakeUser, live_session: AsyncSession
) -> None:
    user = await live_make_user(role="viewer")
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    generation = cache_of(running).generation
    await live_session.execute(
        update(UserAccount)
        .where(UserAccount.id == user.id)
        .values(full_name="Renamed", last_login_at=text("now()"))
    )
    await live_session.commit()
    # A notification sent after that commit arrives after any it would have caused.
    await live_session.execute(
        text("SELECT pg_notify('shopfloor_user_identity', :id)"), {"id": str(uuid.uuid4())}
    )
    await live_session.commit()
    await eventually(lambda: cache_of(running).generation == generation + 1)
    assert knows(running, user)


async def test_without_the_listener_every_request_reads_the_account(
    running: RunningApp,
    live_make_user: MakeUser,
    live_session: AsyncSession,
    identity_trigger_off: None,
) -> None:
    user = await live_make_user(role="viewer")
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    await drop_listeners(live_session)
    await eventually(lambda: not cache_of(running).answering)
    assert len(cache_of(running)) == 0
    await bump_token_version(live_session, user)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 401
    # Back to listening, it answers again, from a fresh start.
    await eventually(lambda: cache_of(running).answering)


async def test_with_notifications_off_the_cache_never_answers(
    database_url: str, engine: AsyncEngine, live_make_user: MakeUser
) -> None:
    settings = make_settings(database_url, db_notifications=False)
    async with running_app(settings, engine) as run:
        user = await live_make_user(role="viewer")
        assert (await run.http.get(ME, headers=user.headers)).status_code == 200
        assert not cache_of(run).answering
        assert not knows(run, user)


async def test_with_size_zero_there_is_no_cache(
    database_url: str, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_IDENTITY_CACHE_SIZE", "0")
    app = create_app(make_settings(database_url), configure_logs=False)
    assert user_service.identity_cache_of(app) is None
    assert CHANNEL not in {s.channel for s in listener_of(app).subscriptions}


async def test_a_cached_identity_answers_only_for_its_organisation(
    running: RunningApp, live_make_user: MakeUser
) -> None:
    user = await live_make_user(role="viewer")
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    assert knows(running, user)
    # A validly signed token for the same account id in another organisation.
    elsewhere = access_token_for(
        user_id=user.id, organization_id=uuid.uuid4(), role="viewer", token_version=0
    )
    answer = await running.http.get(ME, headers=bearer(elsewhere))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "INVALID_TOKEN"
