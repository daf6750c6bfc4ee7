"""POST /auth/token: the OAuth2 password grant, its answers, its audit trail, rehashing."""

from __future__ import annotations

import httpx
import pytest
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit.models import AuditLog
from shopfloor.user.models import UserAccount
from tests.support.identity import DEFAULT_PASSWORD, MakeUser, TestUser, bearer, login

TOKEN = "/api/v1/auth/token"


async def audit_rows(db_session: AsyncSession, action: str) -> list[AuditLog]:
    result = await db_session.execute(
        select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
    )
    return list(result.scalars())


async def test_sign_in_answers_the_envelope_and_the_oauth2_fields(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    response = await login(client, admin.email, admin.password)
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    data = body["data"]
    assert data["token_type"] == "bearer"
    assert data["expires_in"] == 15 * 60
    assert data["refresh_expires_in"] == 14 * 86_400
    # Swagger UI and other OAuth2 clients read these at the top level (RFC 6749, 5.1).
    assert body["access_token"] == data["access_token"]
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == data["expires_in"]
    assert body["refresh_token"] == data["refresh_token"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"
    me = await client.get("/api/v1/users/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["data"]["email"] == admin.email


async def test_the_email_is_case_insensitive(client: httpx.AsyncClient, admin: TestUser) -> None:
    response = await login(client, f"  {admin.email.upper()} ", admin.password)
    assert response.status_code == 200


async def test_swagger_ui_form_fields_are_accepted(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    """The Authorize dialog sends grant_type, scope and optional client credentials."""
    response = await client.post(
        TOKEN,
        data={
            "grant_type": "password",
            "username": admin.email,
            "password": admin.password,
            "scope": "",
            "client_id": "docs",
            "client_secret": "",
        },
    )
    assert response.status_code == 200
    assert "error" not in response.json()  # Swagger UI treats a top-level "error" as failure


async def test_unknown_email_and_wrong_password_get_the_same_answer(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    wrong_password = await login(client, admin.email, "not-the-password")
    unknown_email = await login(client, "nobody@example.test", "not-the-password")
    assert wrong_password.status_code == unknown_email.status_code == 401
    first, second = wrong_password.json(), unknown_email.json()
    first.pop("request_id")
    second.pop("request_id")
    assert first == second
    assert first["error"]["code"] == "INVALID_CREDENTIALS"
    assert wrong_password.headers["WWW-Authenticate"] == unknown_email.headers["WWW-Authenticate"]


async def test_an_inactive_account_gets_the_same_answer_even_with_the_right_password(
    client: httpx.AsyncClient, make_user: MakeUser, admin: TestUser
) -> None:
    inactive = await make_user(role="planner", is_active=False)
    response = await login(client, inactive.email, inactive.password)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_CREDENTIALS"


async def test_a_deleted_account_cannot_sign_in(
    client: httpx.AsyncClient, make_user: MakeUser, admin: TestUser
) -> None:
    operator = await make_user(role="operator")
    deleted = await client.delete(f"/api/v1/users/{operator.id}", headers=admin.headers)
    assert deleted.status_code == 200
    response = await login(client, operator.email, operator.password)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_CREDENTIALS"


@pytest.mark.parametrize(
    ("form", "field", "code"),
    [
        ({"username": "a@example.test", "password": "p" * 129}, "password", "STRING_TOO_LONG"),
        # An empty form field counts as not sent.
        ({"username": "a@example.test", "password": ""}, "password", "MISSING"),
        ({"username": "a@example.test"}, "password", "MISSING"),
        ({"password": "long-enough-password"}, "username", "MISSING"),
        ({"username": "", "password": "long-enough-password"}, "username", "MISSING"),
        (
            {"username": "a" * 255, "password": "long-enough-password"},
            "username",
            "STRING_TOO_LONG",
        ),
        (
            {
                "username": "a@example.test",
                "password": "x" * 12,
                "grant_type": "client_credentials",
            },
            "grant_type",
            "STRING_PATTERN_MISMATCH",
        ),
        ({"username": "a@example.test\x00", "password": "x" * 12}, "username", "INVALID_CHARACTER"),
        ({"username": "\x00", "password": "x" * 12}, "username", "INVALID_CHARACTER"),
        ({"username": "a@exa\x1bmple.test", "password": "x" * 12}, "username", "INVALID_CHARACTER"),
        ({"username": "a@example.test\r\n", "password": "x" * 12}, "username", "INVALID_CHARACTER"),
        ({"username": "a@example.test\x7f", "password": "x" * 12}, "username", "INVALID_CHARACTER"),
    ],
)
async def test_bad_forms_are_422_never_500(
    client: httpx.AsyncClient, form: dict[str, str], field: str, code: str
) -> None:
    response = await client.post(TOKEN, data=form)
    assert response.status_code == 422
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert {"loc": ["body", field], "code": code} in [
        {"loc": detail["loc"], "code": detail["code"]} for detail in body["error"]["details"]
    ]


async def test_a_control_character_in_the_username_is_refused_before_any_check(
    client: httpx.AsyncClient, admin: TestUser, db_session: AsyncSession
) -> None:
    response = await login(client, admin.email + "\x00", admin.password)
    assert response.status_code == 422
    assert await audit_rows(db_session, "login_failed") == []


async def test_a_json_body_is_not_the_oauth2_form(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    response = await client.post(TOKEN, json={"username": admin.email, "password": admin.password})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_a_129_character_password_is_refused_before_any_check(
    client: httpx.AsyncClient, admin: TestUser, db_session: AsyncSession
) -> None:
    response = await login(client, admin.email, "p" * 129)
    assert response.status_code == 422
    assert await audit_rows(db_session, "login_failed") == []


async def test_success_is_audited_and_sets_last_login(
    client: httpx.AsyncClient, admin: TestUser, db_session: AsyncSession
) -> None:
    response = await login(client, admin.email, admin.password, headers={"User-Agent": "line-7"})
    assert response.status_code == 200
    [row] = await audit_rows(db_session, "login_succeeded")
    assert (row.organization_id, row.actor_id, row.actor_role) == (
        admin.organization_id,
        admin.id,
        "admin",
    )
    assert (row.resource_type, row.resource_id, row.resource_key) == ("user", admin.id, admin.email)
    assert row.user_agent == "line-7"
    assert row.client_address == "127.0.0.1"
    assert row.request_id == response.headers["X-Request-ID"]
    account = await db_session.get(UserAccount, admin.id, populate_existing=True)
    assert account is not None
    assert account.last_login_at is not None


async def test_failures_are_audited_without_the_password(
    client: httpx.AsyncClient, admin: TestUser, db_session: AsyncSession
) -> None:
    secret_attempt = "Hunter2-is-not-it"
    await login(client, admin.email, secret_attempt)
    await login(client, "Ghost@Example.test", secret_attempt)
    known, unknown = await audit_rows(db_session, "login_failed")

    assert known.organization_id == admin.organization_id
    assert (known.resource_id, known.resource_key) == (admin.id, admin.email)
    assert known.reason == "wrong_password"
    assert known.actor_id is None

    assert unknown.organization_id is None
    assert unknown.resource_id is None
    assert unknown.resource_key == "ghost@example.test"
    assert unknown.reason == "unknown_email"

    for row in (known, unknown):
        for value in vars(row).values():
            assert secret_attempt not in str(value)


async def test_a_failed_sign_in_is_kept_although_the_answer_is_an_error(
    client: httpx.AsyncClient, admin: TestUser, db_session: AsyncSession
) -> None:
    """The 401 must not roll back its own trace (audit entry and failure counter)."""
    await login(client, admin.email, "wrong-password-1")
    rows = await audit_rows(db_session, "login_failed")
    assert len(rows) == 1


async def test_a_hash_with_older_parameters_is_upgraded_on_sign_in(
    client: httpx.AsyncClient, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="viewer")
    old_hasher = Argon2Hasher(time_cost=2, memory_cost=8192, parallelism=1)
    old_hash = old_hasher.hash(DEFAULT_PASSWORD)
    await db_session.execute(
        update(UserAccount).where(UserAccount.id == user.id).values(password_hash=old_hash)
    )

    wrong = await login(client, user.email, "not-the-password")
    assert wrong.status_code == 401
    account = await db_session.get(UserAccount, user.id, populate_existing=True)
    assert account is not None
    assert account.password_hash == old_hash  # only a successful sign-in upgrades

    response = await login(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 200
    account = await db_session.get(UserAccount, user.id, populate_existing=True)
    assert account is not None
    assert account.password_hash != old_hash
    assert account.password_hash.startswith("$argon2id$v=19$m=8192,t=1,p=1$")
    again = await login(client, user.email, DEFAULT_PASSWORD)
    assert again.status_code == 200


async def test_a_hash_with_current_parameters_is_left_alone(
    client: httpx.AsyncClient, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="viewer")
    before = await db_session.get(UserAccount, user.id)
    assert before is not None
    stored = before.password_hash
    assert (await login(client, user.email, user.password)).status_code == 200
    after = await db_session.get(UserAccount, user.id, populate_existing=True)
    assert after is not None
    assert after.password_hash == stored


async def test_messages_follow_accept_language(client: httpx.AsyncClient) -> None:
    default = await login(client, "nobody@example.test", "wrong-password")
    english = await login(
        client, "nobody@example.test", "wrong-password", headers={"Accept-Language": "en"}
    )
    assert default.json()["error"]["message"] == "電子郵件或密碼不正確。"
    assert default.headers["Content-Language"] == "zh-TW"
    assert english.json()["error"]["message"] == "The email or password is incorrect."
    assert english.headers["Content-Language"] == "en"
