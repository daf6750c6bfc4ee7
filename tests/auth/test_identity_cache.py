"""The cache of identities in a running application, on committed data.

Each test starts the application's lifespan, so its notification listener runs against the
test database, and requests commit for real (`live_*` fixtures): notifications are sent only
when a change commits. A test that waits for a notification waits for the marker sent after
it (`tests/support/notification_watch.py`), never for a time.
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
from tests.support.notification_watch import NotificationWatch, running_with_watch
from tests.support.running_app import RunningApp, drop_listeners, triggers_off
from tests.support.running_app import running as running_app

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
async def watched(
    database_url: str, engine: AsyncEngine
) -> AsyncIterator[tuple[RunningApp, NotificationWatch]]:
    async with running_with_watch(make_settings(database_url), engine, CHANNEL) as (run, watch):
        assert cache_of(run).answering
        yield run, watch
    assert not cache_of(run).answering


@pytest.fixture
def running(watched: tuple[RunningApp, NotificationWatch]) -> RunningApp:
    return watched[0]


@pytest.fixture
def watch(watched: tuple[RunningApp, NotificationWatch]) -> NotificationWatch:
    return watched[1]


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
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
) -> None:
    user = await live_make_user(role="viewer")
    # Nothing committed before is still on its way, so no notification can arrive during
    # the read and keep it from being stored.
    await watch.mark(live_session)
    assert not knows(running, user)
    answer = await running.http.get(ME, headers=user.headers)
    assert answer.status_code == 200
    assert knows(running, user)


async def test_read_requests_are_answered_from_the_cache(
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
    identity_trigger_off: None,
) -> None:
    user = await live_make_user(role="viewer")
    await watch.mark(live_session)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    assert knows(running, user)
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
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
) -> None:
    user = await live_make_user(role="viewer")
    bystander = await live_make_user(role="viewer")
    await watch.mark(live_session)
    for caller in (user, bystander):
        assert (await running.http.get(ME, headers=caller.headers)).status_code == 200
    assert knows(running, user)
    assert knows(running, bystander)
    await bump_token_version(live_session, user)
    await watch.mark(live_session)
    assert not knows(running, user)
    assert knows(running, bystander)
    answer = await running.http.get(ME, headers=user.headers)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "INVALID_TOKEN"
    assert (await running.http.get(ME, headers=bystander.headers)).status_code == 200


async def test_logout_everywhere_refuses_the_next_read(
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
) -> None:
    user = await live_make_user(role="planner")
    await watch.mark(live_session)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    assert knows(running, user)
    assert (await running.http.post(LOGOUT_ALL, headers=user.headers)).status_code == 200
    await watch.mark(live_session)
    assert not knows(running, user)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 401


async def test_deactivation_and_deletion_are_forgotten(
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
) -> None:
    deactivated = await live_make_user(role="viewer")
    deleted = await live_make_user(role="viewer")
    await watch.mark(live_session)
    for caller in (deactivated, deleted):
        assert (await running.http.get(ME, headers=caller.headers)).status_code == 200
        assert knows(running, caller)
    await live_session.execute(
        update(UserAccount).where(UserAccount.id == deactivated.id).values(is_active=False)
    )
    await live_session.execute(
        update(UserAccount).where(UserAccount.id == deleted.id).values(deleted_at=text("now()"))
    )
    await live_session.commit()
    await watch.mark(live_session)
    assert not knows(running, deactivated)
    assert not knows(running, deleted)
    for caller in (deactivated, deleted):
        assert (await running.http.get(ME, headers=caller.headers)).status_code == 401


async def test_changes_authentication_does_not_check_are_not_notified(
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
) -> None:
    user = await live_make_user(role="viewer")
    await watch.mark(live_session)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    generation = cache_of(running).generation
    await live_session.execute(
        update(UserAccount)
        .where(UserAccount.id == user.id)
        .values(full_name="Renamed", last_login_at=text("now()"))
    )
    await live_session.commit()
    # The marker arrives after any notification that change would have caused, and it is
    # the only one that moved the generation on.
    await watch.mark(live_session)
    assert cache_of(running).generation == generation + 1
    assert knows(running, user)


async def test_without_the_listener_every_request_reads_the_account(
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
    identity_trigger_off: None,
) -> None:
    user = await live_make_user(role="viewer")
    await watch.mark(live_session)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    assert knows(running, user)
    await drop_listeners(live_session)
    await watch.until_listening(False)
    assert not cache_of(running).answering
    assert len(cache_of(running)) == 0
    await bump_token_version(live_session, user)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 401
    # Back to listening, it answers again, from a fresh start.
    await watch.until_listening(True)
    assert cache_of(running).answering
    assert len(cache_of(running)) == 0


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
    running: RunningApp,
    watch: NotificationWatch,
    live_make_user: MakeUser,
    live_session: AsyncSession,
) -> None:
    user = await live_make_user(role="viewer")
    await watch.mark(live_session)
    assert (await running.http.get(ME, headers=user.headers)).status_code == 200
    assert knows(running, user)
    # A validly signed token for the same account id in another organisation.
    elsewhere = access_token_for(
        user_id=user.id, organization_id=uuid.uuid4(), role="viewer", token_version=0
    )
    answer = await running.http.get(ME, headers=bearer(elsewhere))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "INVALID_TOKEN"
