"""Refresh token rotation, reuse detection, logout and logout-all."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit.models import AuditLog
from shopfloor.auth.models import RefreshToken
from shopfloor.auth.sessions import jti_hash
from shopfloor.user.models import UserAccount
from tests.auth import forge
from tests.support.identity import MakeUser, TestUser, bearer, token_pair

REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
LOGOUT_ALL = "/api/v1/auth/logout-all"
ME = "/api/v1/users/me"


def assert_invalid_token(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "INVALID_TOKEN"
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


@pytest.fixture
async def planner(make_user: MakeUser) -> TestUser:
    return await make_user(role="planner")


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(REFRESH, json={"refresh_token": token})


async def test_a_refresh_returns_a_new_pair_in_the_same_family(
    client: httpx.AsyncClient, planner: TestUser, db_session: AsyncSession
) -> None:
    first = await token_pair(client, planner.email, planner.password)
    response = await refresh(client, first["refresh_token"])
    assert response.status_code == 200
    body = response.json()
    second = body["data"]
    assert body["access_token"] == second["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert response.headers["Cache-Control"] == "no-store"
    assert (await client.get(ME, headers=bearer(second["access_token"]))).status_code == 200

    rows = (
        (await db_session.execute(select(RefreshToken).where(RefreshToken.user_id == planner.id)))
        .scalars()
        .all()
    )
    assert len(rows) == 2
    assert len({row.family_id for row in rows}) == 1
    assert sum(row.used_at is not None for row in rows) == 1


async def test_only_a_hash_of_the_token_id_is_stored(
    client: httpx.AsyncClient, planner: TestUser, db_session: AsyncSession
) -> None:
    pair = await token_pair(client, planner.email, planner.password)
    jti = forge.decode_segment(pair["refresh_token"].split(".")[1])["jti"]
    row = await db_session.scalar(select(RefreshToken).where(RefreshToken.user_id == planner.id))
    assert row is not None
    assert row.token_hash == jti_hash(jti)
    assert jti not in row.token_hash
    assert pair["refresh_token"] not in str(vars(row))


async def test_reusing_a_rotated_token_revokes_the_whole_family(
    client: httpx.AsyncClient, planner: TestUser, db_session: AsyncSession
) -> None:
    first = await token_pair(client, planner.email, planner.password)
    rotated = await refresh(client, first["refresh_token"])
    assert rotated.status_code == 200
    newest = rotated.json()["data"]["refresh_token"]

    assert_invalid_token(await refresh(client, first["refresh_token"]))  # the reuse
    assert_invalid_token(await refresh(client, newest))  # the family is gone
    reused = await db_session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.action == "refresh_token_reused")
    )
    assert reused == 1
    reasons = (
        await db_session.execute(
            select(RefreshToken.revoked_reason).where(RefreshToken.user_id == planner.id)
        )
    ).scalars()
    assert set(reasons) == {"reuse_detected"}


async def test_other_sessions_survive_a_reuse_in_one_family(
    client: httpx.AsyncClient, planner: TestUser
) -> None:
    laptop = await token_pair(client, planner.email, planner.password)
    tablet = await token_pair(client, planner.email, planner.password)
    await refresh(client, laptop["refresh_token"])
    assert_invalid_token(await refresh(client, laptop["refresh_token"]))
    assert (await refresh(client, tablet["refresh_token"])).status_code == 200


async def test_concurrent_refreshes_of_one_token_give_one_success(
    live_client: httpx.AsyncClient, live_make_user: MakeUser
) -> None:
    user = await live_make_user(role="operator")
    pair = await token_pair(live_client, user.email, user.password)
    responses = await asyncio.gather(
        *(refresh(live_client, pair["refresh_token"]) for _ in range(5))
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 401, 401, 401, 401]
    for response in responses:
        if response.status_code == 401:
            assert response.json()["error"]["code"] == "INVALID_TOKEN"
    # The duplicates count as reuse: the token issued to the winner is revoked as well.
    [winner] = [response for response in responses if response.status_code == 200]
    assert_invalid_token(await refresh(live_client, winner.json()["data"]["refresh_token"]))


async def test_a_password_change_ends_refresh_tokens(
    client: httpx.AsyncClient, planner: TestUser
) -> None:
    pair = await token_pair(client, planner.email, planner.password)
    changed = await client.post(
        "/api/v1/users/me/password",
        headers=bearer(pair["access_token"]),
        json={"current_password": planner.password, "new_password": "a-brand-new-passphrase"},
    )
    assert changed.status_code == 200
    assert_invalid_token(await refresh(client, pair["refresh_token"]))
    assert_invalid_token(await client.get(ME, headers=bearer(pair["access_token"])))


async def test_a_role_change_ends_refresh_tokens(
    client: httpx.AsyncClient, planner: TestUser, admin: TestUser
) -> None:
    pair = await token_pair(client, planner.email, planner.password)
    changed = await client.patch(
        f"/api/v1/users/{planner.id}", headers=admin.headers, json={"role": "viewer"}
    )
    assert changed.status_code == 200
    assert_invalid_token(await refresh(client, pair["refresh_token"]))
    assert_invalid_token(await client.get(ME, headers=planner.headers))


async def test_an_inactive_or_deleted_user_cannot_refresh(
    client: httpx.AsyncClient, make_user: MakeUser, admin: TestUser, db_session: AsyncSession
) -> None:
    inactive = await make_user(role="operator")
    deleted = await make_user(role="operator")
    inactive_pair = await token_pair(client, inactive.email, inactive.password)
    deleted_pair = await token_pair(client, deleted.email, deleted.password)
    await db_session.execute(
        update(UserAccount).where(UserAccount.id == inactive.id).values(is_active=False)
    )
    assert (
        await client.delete(f"/api/v1/users/{deleted.id}", headers=admin.headers)
    ).status_code == 200
    assert_invalid_token(await refresh(client, inactive_pair["refresh_token"]))
    assert_invalid_token(await refresh(client, deleted_pair["refresh_token"]))


async def test_an_expired_refresh_token_is_refused(
    client: httpx.AsyncClient, planner: TestUser
) -> None:
    claims = {
        "sub": str(planner.id),
        "org": str(planner.organization_id),
        "typ": "refresh",
        "jti": "j" * 43,
        "iat": 1_700_000_000,
        "exp": 1_700_000_600,
        "iss": forge.ISSUER,
        "aud": forge.AUDIENCE,
    }
    assert_invalid_token(await refresh(client, forge.hmac_token(claims)))


async def test_a_well_signed_refresh_token_that_was_never_issued_is_refused(
    client: httpx.AsyncClient, planner: TestUser
) -> None:
    claims = forge.access_claims(user_id=planner.id, organization_id=planner.organization_id)
    claims["typ"] = "refresh"
    assert_invalid_token(await refresh(client, forge.hmac_token(claims)))


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 422),
        ({"refresh_token": ""}, 422),
        ({"refresh_token": 42}, 422),
        ({"refresh_token": "x" * 5000}, 422),
        ({"refresh_token": "abc", "user_id": "x"}, 422),
        ({"refresh_token": "not-a-token"}, 401),
        ({"refresh_token": "eyJ.e30.\x00"}, 422),
    ],
)
async def test_bad_refresh_and_logout_bodies(
    client: httpx.AsyncClient, body: dict[str, object], status: int
) -> None:
    for path in (REFRESH, LOGOUT):
        response = await client.post(path, json=body)
        assert response.status_code == status, (path, response.text)


@pytest.mark.parametrize("token", ["\x00", "eyJ.e30.sig\x00", "eyJ.e30.sig\n", "eyJ\x1f.e30.sig"])
async def test_a_control_character_in_the_refresh_token_is_422(
    client: httpx.AsyncClient, token: str
) -> None:
    for path in (REFRESH, LOGOUT):
        response = await client.post(path, json={"refresh_token": token})
        assert response.status_code == 422, (path, response.text)
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert [(d["loc"], d["code"]) for d in error["details"]] == [
            (["body", "refresh_token"], "INVALID_CHARACTER")
        ]


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        REFRESH, content=b'{"refresh_token": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"


async def test_logout_revokes_the_family_and_is_audited(
    client: httpx.AsyncClient, planner: TestUser, db_session: AsyncSession
) -> None:
    first = await token_pair(client, planner.email, planner.password)
    second = (await refresh(client, first["refresh_token"])).json()["data"]
    other_session = await token_pair(client, planner.email, planner.password)

    response = await client.post(LOGOUT, json={"refresh_token": second["refresh_token"]})
    assert response.status_code == 200
    assert response.json()["data"] == {"revoked_refresh_tokens": 2}
    assert_invalid_token(await refresh(client, second["refresh_token"]))
    # The access token lives until it expires; the other session is untouched.
    assert (await client.get(ME, headers=bearer(second["access_token"]))).status_code == 200
    assert (await refresh(client, other_session["refresh_token"])).status_code == 200

    again = await client.post(LOGOUT, json={"refresh_token": second["refresh_token"]})
    assert again.status_code == 200
    assert again.json()["data"] == {"revoked_refresh_tokens": 0}
    logouts = await db_session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(AuditLog.action == "logout", AuditLog.resource_id == planner.id)
    )
    assert logouts == 2


async def test_logout_all_ends_every_session_at_once(
    client: httpx.AsyncClient, planner: TestUser, db_session: AsyncSession
) -> None:
    one = await token_pair(client, planner.email, planner.password)
    two = await token_pair(client, planner.email, planner.password)
    response = await client.post(LOGOUT_ALL, headers=bearer(one["access_token"]))
    assert response.status_code == 200
    assert response.json()["data"] == {"revoked_refresh_tokens": 2}
    for pair in (one, two):
        assert_invalid_token(await client.get(ME, headers=bearer(pair["access_token"])))
        assert_invalid_token(await refresh(client, pair["refresh_token"]))
    assert_invalid_token(await client.get(ME, headers=planner.headers))
    row = await db_session.scalar(
        select(AuditLog).where(AuditLog.action == "logout_all", AuditLog.actor_id == planner.id)
    )
    assert row is not None
    # A new sign-in works as usual.
    fresh = await token_pair(client, planner.email, planner.password)
    assert (await client.get(ME, headers=bearer(fresh["access_token"]))).status_code == 200


async def test_logout_all_requires_an_access_token(client: httpx.AsyncClient) -> None:
    response = await client.post(LOGOUT_ALL)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
