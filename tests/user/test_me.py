"""/users/me: one's own account, name and password, for every role."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit.models import AuditLog
from shopfloor.user import passwords
from shopfloor.user.config import UserSettings
from shopfloor.user.constants import ROLE_PERMISSIONS, Role
from tests.support.identity import MakeUser, TestUser, login

ME = "/api/v1/users/me"


@pytest.mark.parametrize("role", [role.value for role in Role])
async def test_me_shows_the_account_its_organisation_and_permissions(
    client: httpx.AsyncClient, make_user: MakeUser, role: str
) -> None:
    user = await make_user(role=role)
    response = await client.get(ME, headers=user.headers)
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["id"], data["email"], data["role"]) == (str(user.id), user.email, role)
    assert data["organization"]["id"] == str(user.organization_id)
    assert data["organization"]["slug"]
    assert data["permissions"] == sorted(ROLE_PERMISSIONS[Role(role)])


async def test_an_operator_can_report_production_but_not_manage_users(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    operator = await make_user(role="operator")
    permissions = (await client.get(ME, headers=operator.headers)).json()["data"]["permissions"]
    assert "production:report" in permissions
    assert "dispatch:operate" in permissions
    assert "user:manage" not in permissions
    assert "work_order:create" not in permissions


async def test_rename_myself_and_the_audit_entry(
    client: httpx.AsyncClient, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="viewer")
    response = await client.patch(ME, headers=user.headers, json={"full_name": "  Huang Yi-Ting "})
    assert response.status_code == 200
    assert response.json()["data"]["full_name"] == "Huang Yi-Ting"
    entry = await db_session.scalar(
        select(AuditLog).where(AuditLog.resource_id == user.id, AuditLog.action == "updated")
    )
    assert entry is not None
    assert entry.changes == {"full_name": ["Test Viewer", "Huang Yi-Ting"]}
    assert (entry.actor_id, entry.actor_role) == (user.id, "viewer")


async def test_a_user_agent_with_control_characters_is_recorded_without_them(
    client: httpx.AsyncClient, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="viewer")
    response = await client.patch(
        ME,
        headers={**user.headers, "User-Agent": "line\x00tablet/3".encode("latin-1")},
        json={"full_name": "Lin Mei"},
    )
    assert response.status_code == 200
    entry = await db_session.scalar(
        select(AuditLog).where(AuditLog.resource_id == user.id, AuditLog.action == "updated")
    )
    assert entry is not None
    assert entry.user_agent == "linetablet/3"


@pytest.mark.parametrize(
    "body",
    [
        {"role": "admin"},
        {"full_name": "X", "role": "admin"},
        {"full_name": "X", "is_active": True},
        {"full_name": "X", "organization_id": "01a2120d-cf86-7c59-8503-fed99b326182"},
        {"full_name": "X", "token_version": 0},
        {"full_name": "X", "email": "new@example.test"},
        {"full_name": "X", "password_hash": "x"},
    ],
)
async def test_nobody_can_raise_their_own_rights(
    client: httpx.AsyncClient, make_user: MakeUser, body: dict[str, object]
) -> None:
    user = await make_user(role="operator")
    response = await client.patch(ME, headers=user.headers, json=body)
    assert response.status_code == 422
    me = (await client.get(ME, headers=user.headers)).json()["data"]
    assert (me["role"], me["full_name"]) == ("operator", "Test Operator")


async def test_change_my_password(
    client: httpx.AsyncClient, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="planner")
    response = await client.post(
        f"{ME}/password",
        headers=user.headers,
        json={"current_password": user.password, "new_password": "my-new-passphrase"},
    )
    assert response.status_code == 200
    assert response.json()["message"] == "密碼已變更，所有登入工作階段已結束，請以新密碼重新登入。"
    # Every session ends, this one included.
    assert (await client.get(ME, headers=user.headers)).status_code == 401
    assert (await login(client, user.email, user.password)).status_code == 401
    assert (await login(client, user.email, "my-new-passphrase")).status_code == 200
    entry = await db_session.scalar(
        select(AuditLog).where(
            AuditLog.resource_id == user.id, AuditLog.action == "password_changed"
        )
    )
    assert entry is not None
    assert (entry.actor_id, entry.reason, entry.changes) == (user.id, "changed by the user", None)


async def test_a_wrong_current_password_is_422_and_changes_nothing(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    user = await make_user(role="planner")
    response = await client.post(
        f"{ME}/password",
        headers=user.headers,
        json={"current_password": "not-my-password", "new_password": "my-new-passphrase"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "CURRENT_PASSWORD_INCORRECT"
    assert error["details"][0]["loc"] == ["body", "current_password"]
    assert (await client.get(ME, headers=user.headers)).status_code == 200
    assert (await login(client, user.email, user.password)).status_code == 200


WRONG = {"current_password": "not-my-password", "new_password": "my-new-passphrase"}


async def wrong_attempts(client: httpx.AsyncClient, user: TestUser, count: int) -> list[int]:
    codes = []
    for _ in range(count):
        response = await client.post(f"{ME}/password", headers=user.headers, json=WRONG)
        codes.append(response.status_code)
    return codes


async def test_a_wrong_current_password_is_audited_although_the_change_is_refused(
    client: httpx.AsyncClient, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="operator")

    response = await client.post(
        f"{ME}/password",
        headers={**user.headers, "X-Request-ID": "pw-guess-1", "User-Agent": "tablet/2.1"},
        json=WRONG,
    )

    assert response.status_code == 422
    entries = (
        await db_session.scalars(
            select(AuditLog).where(
                AuditLog.resource_id == user.id, AuditLog.action.like("password_%")
            )
        )
    ).all()
    assert [entry.action for entry in entries] == ["password_change_failed"]
    entry = entries[0]
    assert (entry.actor_id, entry.actor_role, entry.resource_type) == (user.id, "operator", "user")
    assert (entry.request_id, entry.user_agent, entry.changes) == ("pw-guess-1", "tablet/2.1", None)


async def test_too_many_wrong_current_passwords_answer_429_even_for_the_right_one(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    user = await make_user(role="planner")
    bystander = await make_user(role="planner")
    limit = passwords.current().settings.password_change_max_failures

    refused = await wrong_attempts(client, user, limit)
    throttled = await client.post(
        f"{ME}/password",
        headers={**user.headers, "Accept-Language": "en"},
        json={"current_password": user.password, "new_password": "my-new-passphrase"},
    )
    other = await client.post(
        f"{ME}/password",
        headers=bystander.headers,
        json={"current_password": bystander.password, "new_password": "my-new-passphrase"},
    )

    assert refused == [422] * limit
    assert throttled.status_code == 429
    error = throttled.json()["error"]
    retry_after = int(throttled.headers["Retry-After"])
    window = passwords.current().settings.password_change_window_s
    assert 1 <= retry_after <= window
    assert error["code"] == "PASSWORD_CHANGE_THROTTLED"
    assert error["message"] == (
        f"Too many wrong current passwords; try again in {retry_after} seconds."
    )
    # The password did not change, the session goes on, and the limit is per account.
    assert (await client.get(ME, headers=user.headers)).status_code == 200
    assert (await login(client, user.email, user.password)).status_code == 200
    assert other.status_code == 200


async def test_the_limit_frees_up_when_the_failures_leave_the_window(
    client: httpx.AsyncClient, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = UserSettings(password_change_max_failures=2, password_change_window_s=1)
    monkeypatch.setattr(passwords, "_current", passwords.PasswordHasher(short))
    user = await make_user(role="viewer")

    assert await wrong_attempts(client, user, 3) == [422, 422, 429]
    await asyncio.sleep(1.2)
    response = await client.post(
        f"{ME}/password",
        headers=user.headers,
        json={"current_password": user.password, "new_password": "my-new-passphrase"},
    )

    assert response.status_code == 200


async def test_simultaneous_wrong_passwords_are_each_counted(
    live_client: httpx.AsyncClient, live_make_user: MakeUser
) -> None:
    user = await live_make_user(role="supervisor")
    limit = passwords.current().settings.password_change_max_failures

    async def attempt() -> int:
        response = await live_client.post(f"{ME}/password", headers=user.headers, json=WRONG)
        return response.status_code

    codes = await asyncio.gather(*(attempt() for _ in range(limit + 3)))

    assert sorted(codes) == [422] * limit + [429] * 3


async def test_the_new_password_must_differ(client: httpx.AsyncClient, admin: TestUser) -> None:
    response = await client.post(
        f"{ME}/password",
        headers=admin.headers,
        json={"current_password": admin.password, "new_password": admin.password},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "PASSWORD_UNCHANGED"


@pytest.mark.parametrize(
    ("new_password", "code"),
    [
        ("short-pw", "STRING_TOO_SHORT"),
        ("p" * 129, "STRING_TOO_LONG"),
        (12345678901, "STRING_TYPE"),
    ],
)
async def test_new_password_rules(
    client: httpx.AsyncClient, admin: TestUser, new_password: object, code: str
) -> None:
    response = await client.post(
        f"{ME}/password",
        headers=admin.headers,
        json={"current_password": admin.password, "new_password": new_password},
    )
    assert response.status_code == 422
    [detail] = response.json()["error"]["details"]
    assert (detail["loc"], detail["code"]) == (["body", "new_password"], code)


async def test_a_password_of_exactly_10_and_128_characters_is_accepted(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    for new_password in ("p" * 10, "q" * 128):
        user = await make_user(role="viewer")
        response = await client.post(
            f"{ME}/password",
            headers=user.headers,
            json={"current_password": user.password, "new_password": new_password},
        )
        assert response.status_code == 200, response.text
        assert (await login(client, user.email, new_password)).status_code == 200
