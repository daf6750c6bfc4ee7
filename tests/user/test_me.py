"""/users/me: one's own account, name and password, for every role."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit.models import AuditLog
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
