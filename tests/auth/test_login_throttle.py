"""Failed sign-ins are limited per account and per client address, in PostgreSQL."""

from __future__ import annotations

import hashlib

import httpx
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.auth.models import LoginAttempt
from tests.auth.conftest import ClientAt
from tests.support.identity import MakeUser, TestUser, login, unique_email

LIMIT = 5  # the default of AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT / _PER_ADDRESS
WINDOW_S = 60


async def fail(client: httpx.AsyncClient, email: str, times: int) -> list[int]:
    return [(await login(client, email, "wrong-password")).status_code for _ in range(times)]


def assert_throttled(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= WINDOW_S
    body = response.json()
    assert body["error"]["code"] == "LOGIN_THROTTLED"
    assert str(retry_after) in body["error"]["message"]


async def test_the_sixth_failure_for_an_account_is_429_with_retry_after(
    client_at: ClientAt, make_user: MakeUser
) -> None:
    user = await make_user()
    statuses = []
    # A different address each time: only the account limit applies.
    for attempt in range(LIMIT):
        caller = await client_at(f"10.0.0.{attempt + 1}")
        statuses.extend(await fail(caller, user.email, 1))
    assert statuses == [401] * LIMIT
    caller = await client_at("10.0.0.99")
    assert_throttled(await login(caller, user.email, "wrong-password"))
    # Even the right password waits: the limit is checked before the password.
    assert_throttled(await login(caller, user.email, user.password))


async def test_the_account_limit_applies_to_unknown_emails_too(client_at: ClientAt) -> None:
    email = unique_email("ghost")
    for attempt in range(LIMIT):
        caller = await client_at(f"10.1.0.{attempt + 1}")
        assert (await login(caller, email, "wrong-password")).status_code == 401
    assert_throttled(await login(await client_at("10.1.0.99"), email, "wrong-password"))


async def test_the_sixth_failure_from_an_address_is_429(
    client_at: ClientAt, make_user: MakeUser
) -> None:
    caller = await client_at("192.0.2.10")
    for _ in range(LIMIT):
        target = await make_user()
        assert (await login(caller, target.email, "wrong-password")).status_code == 401
    fresh = await make_user()
    assert_throttled(await login(caller, fresh.email, fresh.password))
    # Another address is not affected.
    other = await client_at("192.0.2.11")
    assert (await login(other, fresh.email, fresh.password)).status_code == 200


async def test_a_throttled_attempt_does_not_extend_the_window(
    client_at: ClientAt, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user()
    caller = await client_at("198.51.100.1")
    await fail(caller, user.email, LIMIT)
    for _ in range(3):
        assert_throttled(await login(caller, user.email, "wrong-password"))
    failures = await db_session.scalar(
        select(func.max(LoginAttempt.failures)).where(LoginAttempt.scope == "account")
    )
    assert failures == LIMIT


async def test_a_successful_sign_in_clears_the_account_counter(
    client_at: ClientAt, make_user: MakeUser
) -> None:
    user = await make_user()
    caller = await client_at("198.51.100.2")
    assert await fail(caller, user.email, LIMIT - 1) == [401] * (LIMIT - 1)
    assert (await login(caller, user.email, user.password)).status_code == 200
    other = await client_at("198.51.100.3")
    assert await fail(other, user.email, LIMIT) == [401] * LIMIT
    assert_throttled(await login(other, user.email, "wrong-password"))


async def test_the_limit_ends_with_its_window(
    client_at: ClientAt, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user()
    caller = await client_at("198.51.100.4")
    await fail(caller, user.email, LIMIT)
    assert_throttled(await login(caller, user.email, user.password))
    await db_session.execute(
        update(LoginAttempt).values(
            window_started_at=func.now() - text(f"interval '{WINDOW_S + 1} seconds'")
        )
    )
    assert (await login(caller, user.email, user.password)).status_code == 200


async def test_counters_store_no_email_or_address(
    client_at: ClientAt, admin: TestUser, db_session: AsyncSession
) -> None:
    caller = await client_at("203.0.113.7")
    await login(caller, admin.email, "wrong-password")
    rows = (await db_session.execute(select(LoginAttempt))).scalars().all()
    keys = {(row.scope, row.key_hash) for row in rows}
    assert ("account", hashlib.sha256(f"account:{admin.email}".encode()).hexdigest()) in keys
    assert ("address", hashlib.sha256(b"address:203.0.113.7").hexdigest()) in keys
    for row in rows:
        assert admin.email not in row.key_hash
        assert "203.0.113.7" not in row.key_hash


async def test_expired_counters_are_pruned_by_later_sign_ins(
    client_at: ClientAt, admin: TestUser, db_session: AsyncSession
) -> None:
    stale = [
        LoginAttempt(
            scope="address",
            key_hash=hashlib.sha256(f"stale-{number}".encode()).hexdigest(),
            failures=3,
            window_started_at=func.now() - text("interval '2 hours'"),
        )
        for number in range(3)
    ]
    db_session.add_all(stale)
    await db_session.flush()
    caller = await client_at("203.0.113.8")
    assert (await login(caller, admin.email, admin.password)).status_code == 200
    remaining = await db_session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.window_started_at < func.now() - text("interval '1 hour'"))
    )
    assert remaining == 0


async def test_an_expired_counter_starts_again_at_one(
    client_at: ClientAt, make_user: MakeUser, db_session: AsyncSession
) -> None:
    """Failures of an ended window are not added to the new one."""
    user = await make_user()
    caller = await client_at("203.0.113.9")
    await fail(caller, user.email, LIMIT)
    await db_session.execute(
        update(LoginAttempt).values(window_started_at=func.now() - text("interval '5 minutes'"))
    )
    assert await fail(caller, user.email, 1) == [401]
    failures = await db_session.scalar(
        select(LoginAttempt.failures).where(LoginAttempt.scope == "account").limit(1)
    )
    assert failures == 1
