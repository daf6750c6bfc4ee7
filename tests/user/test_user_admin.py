"""/users for admins: list, create, read, update, delete, reset a password; tenancy; audit."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit.models import AuditLog
from shopfloor.user.models import UserAccount
from tests.support.identity import MakeUser, TestUser, create_organization, login

USERS = "/api/v1/users"


def new_user_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": f"Line.Lead-{uuid.uuid4().hex[:8]}@Example.test",
        "full_name": "  Lin Mei-Hua  ",
        "role": "supervisor",
        "password": "a-long-enough-password",
    }
    body.update(changes)
    return body


async def audit_entries(
    db_session: AsyncSession, resource_id: uuid.UUID, action: str | None = None
) -> list[AuditLog]:
    statement = select(AuditLog).where(AuditLog.resource_id == resource_id)
    if action is not None:
        statement = statement.where(AuditLog.action == action)
    result = await db_session.execute(statement.order_by(AuditLog.id))
    return list(result.scalars())


# -- create ---------------------------------------------------------------------------------


async def test_create_normalises_and_answers_201_with_location(
    client: httpx.AsyncClient, admin: TestUser, db_session: AsyncSession
) -> None:
    body = new_user_body()
    response = await client.post(USERS, headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["email"] == body["email"].lower()
    assert data["full_name"] == "Lin Mei-Hua"
    assert data["role"] == "supervisor"
    assert data["is_active"] is True
    assert data["organization_id"] == str(admin.organization_id)
    assert data["last_login_at"] is None
    assert response.headers["Location"].endswith(f"/api/v1/users/{data['id']}")

    [entry] = await audit_entries(db_session, uuid.UUID(data["id"]), "created")
    assert entry.actor_id == admin.id
    assert entry.actor_role == "admin"
    assert entry.resource_key == data["email"]
    assert entry.changes == {
        "email": [None, data["email"]],
        "full_name": [None, "Lin Mei-Hua"],
        "role": [None, "supervisor"],
        "is_active": [None, True],
    }
    login_response = await login(client, body["email"], body["password"])
    assert login_response.status_code == 200


async def test_a_taken_email_is_409_in_any_case_and_leaves_no_audit_entry(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    other_org = await create_organization(db_session)
    existing = await make_user(organization_id=other_org)
    before = await db_session.scalar(select(func.count()).select_from(AuditLog))
    response = await client.post(
        USERS, headers=admin.headers, json=new_user_body(email=existing.email.upper())
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "USER_EMAIL_TAKEN"
    after = await db_session.scalar(select(func.count()).select_from(AuditLog))
    assert after == before


async def test_a_deleted_users_email_can_be_used_again(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    gone = await make_user()
    assert (await client.delete(f"{USERS}/{gone.id}", headers=admin.headers)).status_code == 200
    response = await client.post(USERS, headers=admin.headers, json=new_user_body(email=gone.email))
    assert response.status_code == 201
    assert response.json()["data"]["id"] != str(gone.id)


# -- list -----------------------------------------------------------------------------------


async def test_list_is_paginated_sorted_and_scoped_to_the_organisation(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    for letter in "cab":
        await make_user(email=f"{letter}-{uuid.uuid4().hex[:6]}@example.test")
    other_org = await create_organization(db_session)
    outsider = await make_user(organization_id=other_org)

    first = await client.get(USERS, headers=admin.headers, params={"page_size": 2})
    assert first.status_code == 200
    body = first.json()
    assert body["pagination"] == {"total": 4, "page": 1, "page_size": 2, "pages": 2}
    second = await client.get(USERS, headers=admin.headers, params={"page_size": 2, "page": 2})
    emails = [user["email"] for user in body["data"] + second.json()["data"]]
    assert emails == sorted(emails)
    assert outsider.email not in emails
    assert admin.email in emails
    beyond = await client.get(USERS, headers=admin.headers, params={"page": 9})
    assert beyond.json()["data"] == []


async def test_list_filters_by_role_status_and_search(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    planner = await make_user(role="planner", email=f"wang-{uuid.uuid4().hex[:6]}@example.test")
    inactive = await make_user(role="planner", is_active=False)
    await make_user(role="viewer")

    async def ids(**params: Any) -> set[str]:
        response = await client.get(USERS, headers=admin.headers, params=params)
        assert response.status_code == 200, response.text
        return {user["id"] for user in response.json()["data"]}

    assert await ids(role="planner") == {str(planner.id), str(inactive.id)}
    assert await ids(role="planner", is_active="true") == {str(planner.id)}
    assert await ids(is_active="false") == {str(inactive.id)}
    assert await ids(q="WANG-") == {str(planner.id)}
    assert await ids(q="test planner") == {str(planner.id), str(inactive.id)}
    # LIKE wildcards are taken literally.
    assert await ids(q="%") == set()
    assert await ids(q="_") == set()


async def test_deleted_users_are_not_listed(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    gone = await make_user()
    await client.delete(f"{USERS}/{gone.id}", headers=admin.headers)
    response = await client.get(USERS, headers=admin.headers)
    assert str(gone.id) not in {user["id"] for user in response.json()["data"]}
    assert (await client.get(f"{USERS}/{gone.id}", headers=admin.headers)).status_code == 404


# -- read, update ---------------------------------------------------------------------------


async def test_read_one_user(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    user = await make_user(role="viewer")
    response = await client.get(f"{USERS}/{user.id}", headers=admin.headers)
    assert response.status_code == 200
    assert response.json()["data"]["email"] == user.email


async def test_each_kind_of_change_is_one_audit_entry_with_its_diff(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="operator")
    response = await client.patch(
        f"{USERS}/{user.id}",
        headers=admin.headers,
        json={"role": "planner", "full_name": "Chen Jia-Hao", "is_active": False},
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["role"], data["full_name"], data["is_active"]) == (
        "planner",
        "Chen Jia-Hao",
        False,
    )

    entries = await audit_entries(db_session, user.id)
    changes = {entry.action: entry.changes for entry in entries if entry.action != "created"}
    assert changes == {
        "updated": {"full_name": ["Test Operator", "Chen Jia-Hao"]},
        "role_changed": {"role": ["operator", "planner"]},
        "user_deactivated": {"is_active": [True, False]},
    }
    for entry in entries[1:]:
        assert (entry.actor_id, entry.actor_role) == (admin.id, "admin")

    reactivated = await client.patch(
        f"{USERS}/{user.id}", headers=admin.headers, json={"is_active": True}
    )
    assert reactivated.status_code == 200
    [entry] = await audit_entries(db_session, user.id, "user_activated")
    assert entry.changes == {"is_active": [False, True]}


async def test_an_unchanged_value_records_nothing(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="operator")
    response = await client.patch(
        f"{USERS}/{user.id}", headers=admin.headers, json={"role": "operator"}
    )
    assert response.status_code == 200
    assert [entry.action for entry in await audit_entries(db_session, user.id)] == ["created"]
    # Nothing changed, so the user's sessions go on.
    assert (await client.get(f"{USERS}/me", headers=user.headers)).status_code == 200


async def test_a_role_change_or_deactivation_ends_the_users_sessions(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    demoted = await make_user(role="supervisor")
    deactivated = await make_user(role="operator")
    renamed = await make_user(role="operator")
    await client.patch(f"{USERS}/{demoted.id}", headers=admin.headers, json={"role": "viewer"})
    await client.patch(
        f"{USERS}/{deactivated.id}", headers=admin.headers, json={"is_active": False}
    )
    await client.patch(f"{USERS}/{renamed.id}", headers=admin.headers, json={"full_name": "R"})
    assert (await client.get(f"{USERS}/me", headers=demoted.headers)).status_code == 401
    assert (await client.get(f"{USERS}/me", headers=deactivated.headers)).status_code == 401
    assert (await client.get(f"{USERS}/me", headers=renamed.headers)).status_code == 200


async def test_reset_password_ends_the_users_sessions_and_is_audited(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="operator")
    response = await client.post(
        f"{USERS}/{user.id}/password",
        headers=admin.headers,
        json={"new_password": "a-fresh-password-for-you"},
    )
    assert response.status_code == 200
    assert response.json()["message"]
    assert (await client.get(f"{USERS}/me", headers=user.headers)).status_code == 401
    assert (await login(client, user.email, user.password)).status_code == 401
    assert (await login(client, user.email, "a-fresh-password-for-you")).status_code == 200
    [entry] = await audit_entries(db_session, user.id, "password_changed")
    assert (entry.actor_id, entry.reason, entry.changes) == (admin.id, "reset by an admin", None)


async def test_an_admin_cannot_reset_their_own_password_without_the_current_one(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    response = await client.post(
        f"{USERS}/{admin.id}/password",
        headers=admin.headers,
        json={"new_password": "a-fresh-password-for-me"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "CANNOT_RESET_OWN_PASSWORD"


async def test_delete_is_soft_and_audited(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    user = await make_user(role="viewer")
    response = await client.delete(f"{USERS}/{user.id}", headers=admin.headers)
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(user.id)
    account = await db_session.get(UserAccount, user.id, populate_existing=True)
    assert account is not None
    assert account.deleted_at is not None
    [entry] = await audit_entries(db_session, user.id, "deleted")
    assert entry.resource_key == user.email
    assert entry.changes is not None
    assert entry.changes["deleted_at"][0] is None
    again = await client.delete(f"{USERS}/{user.id}", headers=admin.headers)
    assert again.status_code == 404


# -- the last admin and oneself -------------------------------------------------------------


async def test_an_admin_cannot_demote_deactivate_or_delete_themselves(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    await make_user(role="admin")  # another admin exists: the rule is about oneself
    cases = [
        ("patch", {"role": "supervisor"}, "CANNOT_CHANGE_OWN_ROLE"),
        ("patch", {"is_active": False}, "CANNOT_DEACTIVATE_SELF"),
        ("delete", None, "CANNOT_DELETE_SELF"),
    ]
    for method, body, code in cases:
        response = await client.request(
            method.upper(), f"{USERS}/{admin.id}", headers=admin.headers, json=body
        )
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == code
    me = await client.get(f"{USERS}/me", headers=admin.headers)
    assert me.json()["data"]["role"] == "admin"
    assert me.json()["data"]["is_active"] is True


async def test_an_admin_may_rename_themselves_through_the_admin_route(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    response = await client.patch(
        f"{USERS}/{admin.id}",
        headers=admin.headers,
        json={"full_name": "Chief", "role": "admin", "is_active": True},
    )
    assert response.status_code == 200
    assert response.json()["data"]["full_name"] == "Chief"


async def test_another_admin_can_be_demoted_while_one_remains(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    second = await make_user(role="admin")
    response = await client.patch(
        f"{USERS}/{second.id}", headers=admin.headers, json={"role": "supervisor"}
    )
    assert response.status_code == 200
    deleted = await make_user(role="admin")
    assert (await client.delete(f"{USERS}/{deleted.id}", headers=admin.headers)).status_code == 200


# -- tenancy ------------------------------------------------------------------------------------


async def test_another_organisations_user_does_not_exist_for_an_admin(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    other_org = await create_organization(db_session)
    outsider = await make_user(role="operator", organization_id=other_org)
    requests: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", f"{USERS}/{outsider.id}", None),
        ("PATCH", f"{USERS}/{outsider.id}", {"role": "viewer"}),
        ("DELETE", f"{USERS}/{outsider.id}", None),
        ("POST", f"{USERS}/{outsider.id}/password", {"new_password": "taken-over-account"}),
    ]
    for method, path, body in requests:
        response = await client.request(method, path, headers=admin.headers, json=body)
        assert response.status_code == 404, (method, response.text)
        assert response.json()["error"]["code"] == "USER_NOT_FOUND"
    missing = await client.get(f"{USERS}/{uuid.uuid4()}", headers=admin.headers)
    assert missing.status_code == 404
    assert (
        missing.json()["error"]
        == (await client.get(f"{USERS}/{outsider.id}", headers=admin.headers)).json()["error"]
    )
    listed = await client.get(USERS, headers=admin.headers, params={"q": outsider.email})
    assert listed.json()["data"] == []
    # The outsider is untouched and can still sign in.
    assert (await login(client, outsider.email, outsider.password)).status_code == 200
    account = await db_session.get(UserAccount, outsider.id, populate_existing=True)
    assert account is not None
    assert (account.role, account.deleted_at) == ("operator", None)


# -- mass assignment and hashes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organization_id", str(uuid.uuid4())),
        ("token_version", 7),
        ("password_hash", "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"),
        ("is_active", False),
        ("id", str(uuid.uuid4())),
        ("deleted_at", "2026-01-01T00:00:00Z"),
        ("last_login_at", "2026-01-01T00:00:00Z"),
    ],
)
async def test_create_refuses_server_managed_fields(
    client: httpx.AsyncClient, admin: TestUser, field: str, value: object
) -> None:
    response = await client.post(USERS, headers=admin.headers, json=new_user_body(**{field: value}))
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert {"loc": ["body", field], "code": "EXTRA_FORBIDDEN"} == {
        key: details[0][key] for key in ("loc", "code")
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organization_id", str(uuid.uuid4())),
        ("token_version", 0),
        ("password_hash", "x"),
        ("password", "a-long-enough-password"),
        ("email", "someone@example.test"),
        ("deleted_at", None),
    ],
)
async def test_update_refuses_fields_it_does_not_change(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, field: str, value: object
) -> None:
    user = await make_user()
    response = await client.patch(
        f"{USERS}/{user.id}", headers=admin.headers, json={"full_name": "X", field: value}
    )
    assert response.status_code == 422
    assert ["body", field] in [detail["loc"] for detail in response.json()["error"]["details"]]


async def test_no_response_carries_a_password_hash(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    user = await make_user(role="operator")
    other = await make_user(role="operator")
    responses = [
        await client.get(USERS, headers=admin.headers),
        await client.post(USERS, headers=admin.headers, json=new_user_body()),
        await client.get(f"{USERS}/{user.id}", headers=admin.headers),
        await client.patch(f"{USERS}/{user.id}", headers=admin.headers, json={"full_name": "N"}),
        await client.post(
            f"{USERS}/{user.id}/password",
            headers=admin.headers,
            json={"new_password": "another-long-password"},
        ),
        await client.get(f"{USERS}/me", headers=other.headers),
        await client.patch(f"{USERS}/me", headers=other.headers, json={"full_name": "Me"}),
        await client.post(
            f"{USERS}/me/password",
            headers=other.headers,
            json={"current_password": other.password, "new_password": "my-next-password"},
        ),
        await client.delete(f"{USERS}/{user.id}", headers=admin.headers),
        await login(client, admin.email, admin.password),
    ]
    for response in responses:
        assert 200 <= response.status_code < 300, response.text
        text = response.text
        assert "password_hash" not in text
        assert "$argon2" not in text
        assert "token_version" not in text
