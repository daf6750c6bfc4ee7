"""The audit log: append-only in the database, written with its change, read by filters."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service
from shopfloor.audit.models import AuditLog
from shopfloor.core.context import RequestContext
from shopfloor.core.ids import uuid7
from shopfloor.core.pagination import PageParams
from tests.support.identity import MakeUser, TestUser, create_organization

AUDIT = "/api/v1/audit-logs"


# -- immutability -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET action = 'rewritten'",
        "UPDATE audit_log SET changes = NULL WHERE organization_id = :org",
        "DELETE FROM audit_log WHERE organization_id = :org",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ],
)
async def test_the_database_refuses_to_change_or_remove_entries(
    db_session: AsyncSession, admin: TestUser, statement: str
) -> None:
    before = await db_session.scalar(select(func.count()).select_from(AuditLog))
    assert before
    with pytest.raises(DBAPIError, match="audit_log is append-only"):
        async with db_session.begin_nested():
            await db_session.execute(text(statement), {"org": admin.organization_id})
    after = await db_session.scalar(select(func.count()).select_from(AuditLog))
    assert after == before


async def test_inserting_stays_allowed(db_session: AsyncSession, org: uuid.UUID) -> None:
    await service.record(
        db_session=db_session,
        organization_id=org,
        action="created",
        resource_type="thing",
        resource_id=uuid.uuid4(),
        actor_id=None,
        actor_role=None,
    )
    count = await db_session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.resource_type == "thing")
    )
    assert count == 1


# -- recording --------------------------------------------------------------------------------


class Colour(enum.Enum):
    RED = 1


def test_diff_keeps_only_changed_fields_as_json_safe_pairs() -> None:
    identifier = uuid.UUID("01a2120d-cfb5-7e61-8a90-92258d6a4710")
    before = {
        "name": "Press 1",
        "quantity": Decimal("10.50"),
        "due": date(2026, 12, 1),
        "owner": None,
        "colour": Colour.RED,
        "same": 3,
    }
    after = {
        "name": "Press 2",
        "quantity": Decimal("12"),
        "due": date(2026, 12, 1),
        "owner": identifier,
        "colour": Colour.RED,
        "same": 3,
        "added": datetime(2026, 11, 25, 8, 30, tzinfo=UTC),
    }
    assert service.diff(before, after) == {
        "name": ["Press 1", "Press 2"],
        "quantity": ["10.50", "12"],
        "owner": [None, str(identifier)],
        "added": [None, "2026-11-25T08:30:00+00:00"],
    }
    assert service.diff({"a": 1}, {"a": 1}) == {}
    assert service.diff({"gone": "x"}, {}) == {"gone": ["x", None]}


async def test_record_stores_the_request_context(db_session: AsyncSession, org: uuid.UUID) -> None:
    resource = uuid.uuid4()
    await service.record(
        db_session=db_session,
        organization_id=org,
        action="status_changed:hold",
        resource_type="work_order",
        resource_id=resource,
        resource_key="WO-2026-0001",
        actor_id=None,
        actor_role="supervisor",
        changes={"status": ("released", "on_hold"), "due": [date(2026, 1, 1), None]},
        reason="material missing",
        context=RequestContext(
            request_id="req-123", client_address="10.0.0.8", user_agent="terminal"
        ),
    )
    entry = await db_session.scalar(select(AuditLog).where(AuditLog.resource_id == resource))
    assert entry is not None
    await db_session.refresh(entry)
    assert entry.changes == {"status": ["released", "on_hold"], "due": ["2026-01-01", None]}
    assert (entry.request_id, entry.client_address, entry.user_agent) == (
        "req-123",
        "10.0.0.8",
        "terminal",
    )
    assert (entry.reason, entry.resource_key) == ("material missing", "WO-2026-0001")
    assert entry.occurred_at.tzinfo is not None


async def test_an_entry_rolls_back_with_its_change(
    db_session: AsyncSession, org: uuid.UUID
) -> None:
    resource = uuid.uuid4()

    async def change_that_fails_after_recording() -> None:
        async with db_session.begin_nested():
            await service.record(
                db_session=db_session,
                organization_id=org,
                action="deleted",
                resource_type="work_order",
                resource_id=resource,
                actor_id=None,
                actor_role=None,
            )
            raise RuntimeError("the change failed after it was audited")

    with pytest.raises(RuntimeError):
        await change_that_fails_after_recording()
    count = await db_session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.resource_id == resource)
    )
    assert count == 0


async def test_a_failed_request_leaves_no_entry(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    taken = await make_user()
    before = await db_session.scalar(select(func.count()).select_from(AuditLog))
    response = await client.post(
        "/api/v1/users",
        headers=admin.headers,
        json={
            "email": taken.email,
            "full_name": "Twin",
            "role": "viewer",
            "password": "a-long-enough-password",
        },
    )
    assert response.status_code == 409
    self_delete = await client.delete(f"/api/v1/users/{admin.id}", headers=admin.headers)
    assert self_delete.status_code == 409
    after = await db_session.scalar(select(func.count()).select_from(AuditLog))
    assert after == before


# -- the endpoint -----------------------------------------------------------------------------


async def entries(
    client: httpx.AsyncClient, reader: TestUser, **params: Any
) -> list[dict[str, Any]]:
    response = await client.get(AUDIT, headers=reader.headers, params=params)
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


async def test_the_list_is_newest_first_and_paginated(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    for _ in range(3):
        await make_user()
    response = await client.get(AUDIT, headers=admin.headers, params={"page_size": 2})
    body = response.json()
    # organisation created, admin created, three users created
    assert body["pagination"] == {"total": 5, "page": 1, "page_size": 2, "pages": 3}
    everything = await entries(client, admin, page_size=100)
    assert [entry["action"] for entry in everything][-2:] == ["created", "created"]
    assert everything[-1]["resource_type"] == "organization"
    ids = [entry["id"] for entry in everything]
    assert ids == sorted(ids, reverse=True)
    times = [entry["occurred_at"] for entry in everything]
    assert times == sorted(times, reverse=True)


async def test_filters(client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser) -> None:
    user = await make_user(role="operator")
    await make_user(role="viewer")
    patched = await client.patch(
        f"/api/v1/users/{user.id}",
        headers={**admin.headers, "X-Request-ID": "change-ticket-42"},
        json={"role": "planner", "full_name": "Renamed"},
    )
    assert patched.status_code == 200

    by_resource = await entries(client, admin, resource_type="user", resource_id=str(user.id))
    assert {entry["action"] for entry in by_resource} == {"created", "updated", "role_changed"}
    by_actor = await entries(client, admin, actor_id=str(admin.id))
    assert {entry["action"] for entry in by_actor} == {"updated", "role_changed"}
    by_action = await entries(client, admin, action="role_changed")
    assert [entry["changes"] for entry in by_action] == [{"role": ["operator", "planner"]}]
    by_request = await entries(client, admin, request_id="change-ticket-42")
    assert {entry["action"] for entry in by_request} == {"updated", "role_changed"}
    assert all(entry["client_address"] == "127.0.0.1" for entry in by_request)
    assert await entries(client, admin, action="deleted") == []
    assert await entries(client, admin, resource_type="work_order") == []


async def test_the_date_range_is_inclusive(
    client: httpx.AsyncClient, admin: TestUser, db_session: AsyncSession
) -> None:
    base = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    for day in range(4):
        db_session.add(
            AuditLog(
                id=uuid7(),
                occurred_at=base + timedelta(days=day),
                organization_id=admin.organization_id,
                action=f"day_{day}",
                resource_type="calendar",
            )
        )
    await db_session.flush()

    async def actions(**params: str) -> list[str]:
        found = await entries(client, admin, resource_type="calendar", **params)
        return [entry["action"] for entry in found]

    assert await actions() == ["day_3", "day_2", "day_1", "day_0"]
    assert await actions(**{"from": (base + timedelta(days=1)).isoformat()}) == [
        "day_3",
        "day_2",
        "day_1",
    ]
    assert await actions(**{"to": (base + timedelta(days=1)).isoformat()}) == ["day_1", "day_0"]
    window = {"from": "2026-03-02T16:00:00+08:00", "to": "2026-03-03T08:00:00Z"}
    assert await actions(**window) == ["day_2", "day_1"]
    same = (base + timedelta(days=2)).isoformat()
    assert await actions(**{"from": same, "to": same}) == ["day_2"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        (
            {"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
            "from",
            "INVALID_DATE_RANGE",
        ),
        ({"from": "2026-03-02T00:00:00"}, "from", "TIMEZONE_AWARE"),
        ({"to": "yesterday"}, "to", "DATETIME_FROM_DATE_PARSING"),
        # A number would be read as seconds since 1970.
        ({"to": "0.5"}, "to", "DATETIME_PARSING"),
        ({"from": "0"}, "from", "DATETIME_PARSING"),
        ({"from": "1767225600"}, "from", "DATETIME_PARSING"),
        ({"resource_id": "not-a-uuid"}, "resource_id", "UUID_PARSING"),
        ({"actor_id": "42"}, "actor_id", "UUID_PARSING"),
        ({"page_size": 0}, "page_size", "GREATER_THAN_EQUAL"),
        ({"page_size": 101}, "page_size", "LESS_THAN_EQUAL"),
        ({"action": "x" * 65}, "action", "STRING_TOO_LONG"),
        ({"resource_type": ""}, "resource_type", "STRING_TOO_SHORT"),
        ({"request_id": "r" * 129}, "request_id", "STRING_TOO_LONG"),
        ({"from": "0001-01-01T00:00:00+08:00"}, "from", "DATE_OUT_OF_RANGE"),
        ({"to": "0001-01-01T00:00:00+08:00"}, "to", "DATE_OUT_OF_RANGE"),
        ({"to": "9999-12-31T23:00:00-08:00"}, "to", "DATE_OUT_OF_RANGE"),
        ({"from": "9999-12-31T23:59:59Z"}, "from", "DATE_OUT_OF_RANGE"),
        ({"from": "1969-12-31T23:59:59Z"}, "from", "DATE_OUT_OF_RANGE"),
        ({"resource_type": "user\x00"}, "resource_type", "INVALID_CHARACTER"),
        ({"resource_type": "\x00"}, "resource_type", "INVALID_CHARACTER"),
        ({"resource_type": "user\x1f"}, "resource_type", "INVALID_CHARACTER"),
        ({"action": "created\x00"}, "action", "INVALID_CHARACTER"),
        ({"action": "created\n"}, "action", "INVALID_CHARACTER"),
        ({"action": "\x7f"}, "action", "INVALID_CHARACTER"),
        ({"request_id": "req\x00"}, "request_id", "INVALID_CHARACTER"),
        ({"request_id": "req\t1"}, "request_id", "INVALID_CHARACTER"),
    ],
)
async def test_bad_filters_are_422(
    client: httpx.AsyncClient, admin: TestUser, params: dict[str, Any], field: str, code: str
) -> None:
    response = await client.get(AUDIT, headers=admin.headers, params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    detail = error["details"][0]
    assert detail["loc"][-1] == field
    assert code in (detail["code"], error["code"])


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"from": "0001-01-01T00:00:00+08:00"}, "from", "DATE_OUT_OF_RANGE"),
        ({"to": "9999-12-31T23:00:00-08:00"}, "to", "DATE_OUT_OF_RANGE"),
        ({"resource_type": "user\x00"}, "resource_type", "INVALID_CHARACTER"),
        ({"action": "\x00"}, "action", "INVALID_CHARACTER"),
        ({"request_id": "req\x1b"}, "request_id", "INVALID_CHARACTER"),
    ],
)
async def test_bad_text_and_dates_give_one_field_detail(
    client: httpx.AsyncClient, admin: TestUser, params: dict[str, Any], field: str, code: str
) -> None:
    response = await client.get(AUDIT, headers=admin.headers, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert [(d["loc"], d["code"]) for d in body["error"]["details"]] == [(["query", field], code)]


async def test_the_date_window_is_named_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    params = {"from": "0001-01-01T00:00:00+08:00"}
    zh = await client.get(AUDIT, headers=admin.headers, params=params)
    en = await client.get(AUDIT, headers={**admin.headers, "Accept-Language": "en"}, params=params)
    assert (
        zh.json()["error"]["details"][0]["message"]
        == "日期必須介於 1970-01-01 與 9998-12-31 之間。"
    )
    assert (
        en.json()["error"]["details"][0]["message"] == "Must be between 1970-01-01 and 9998-12-31."
    )


async def test_the_edges_of_the_date_window_are_accepted(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    # The widest offsets at both edges still convert to UTC without leaving the date types.
    window = {"from": "1970-01-01T00:00:00+14:00", "to": "9998-12-31T23:59:59-12:00"}
    response = await client.get(AUDIT, headers=admin.headers, params=window)
    assert response.status_code == 200, response.text
    assert response.json()["pagination"]["total"] >= 1


async def test_the_log_is_scoped_to_the_organisation(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, db_session: AsyncSession
) -> None:
    other_org = await create_organization(db_session)
    outsider = await make_user(role="admin", organization_id=other_org)
    mine = await entries(client, admin, page_size=100)
    theirs = await entries(client, outsider, page_size=100)
    assert {entry["organization_id"] for entry in mine} == {str(admin.organization_id)}
    assert {entry["organization_id"] for entry in theirs} == {str(other_org)}
    assert not {entry["id"] for entry in mine} & {entry["id"] for entry in theirs}
    assert await entries(client, admin, resource_id=str(outsider.id)) == []

    foreign = theirs[0]["id"]
    response = await client.get(f"{AUDIT}/{foreign}", headers=admin.headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "AUDIT_LOG_NOT_FOUND"
    own = await client.get(f"{AUDIT}/{mine[0]['id']}", headers=admin.headers)
    assert own.status_code == 200
    assert own.json()["data"] == mine[0]


async def test_unknown_organisation_events_are_visible_to_nobody(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    failed = await client.post(
        "/api/v1/auth/token", data={"username": "ghost@example.test", "password": "whatever-1"}
    )
    assert failed.status_code == 401
    assert await entries(client, admin, action="login_failed") == []


async def test_reading_one_entry_bad_ids(client: httpx.AsyncClient, admin: TestUser) -> None:
    assert (await client.get(f"{AUDIT}/not-a-uuid", headers=admin.headers)).status_code == 422
    missing = await client.get(f"{AUDIT}/{uuid.uuid4()}", headers=admin.headers)
    assert missing.status_code == 404


@pytest.mark.parametrize("path", [AUDIT, f"{AUDIT}/{uuid.uuid4()}"])
async def test_the_log_needs_authentication_and_the_permission(
    client: httpx.AsyncClient, make_user: MakeUser, path: str
) -> None:
    assert (await client.get(path)).status_code == 401
    for role in ("planner", "operator", "viewer"):
        user = await make_user(role=role)
        response = await client.get(path, headers=user.headers)
        assert response.status_code == 403
    supervisor = await make_user(role="supervisor")
    assert (await client.get(path, headers=supervisor.headers)).status_code in {200, 404}


# -- resource history (used by other modules) -------------------------------------------------


async def test_resource_history_is_oldest_first_and_scoped(
    db_session: AsyncSession, org: uuid.UUID
) -> None:
    resource = uuid.uuid4()
    for action in ("created", "status_changed:release", "status_changed:start", "updated"):
        await service.record(
            db_session=db_session,
            organization_id=org,
            action=action,
            resource_type="work_order",
            resource_id=resource,
            actor_id=None,
            actor_role=None,
        )
    page = await service.resource_history(
        db_session=db_session,
        organization_id=org,
        resource_type="work_order",
        resource_id=resource,
        params=PageParams(page=1, page_size=3),
    )
    assert page.total == 4
    assert [entry.action for entry in page.items] == [
        "created",
        "status_changed:release",
        "status_changed:start",
    ]
    other = await create_organization(db_session)
    empty = await service.resource_history(
        db_session=db_session,
        organization_id=other,
        resource_type="work_order",
        resource_id=resource,
        params=PageParams(),
    )
    assert (empty.total, list(empty.items)) == (0, [])


async def test_an_overlong_readable_key_is_shortened_not_fatal(
    db_session: AsyncSession, org: uuid.UUID
) -> None:
    resource = uuid.uuid4()
    await service.record(
        db_session=db_session,
        organization_id=org,
        action="created",
        resource_type="work_order",
        resource_id=resource,
        resource_key="K" * 300,
        actor_id=None,
        actor_role=None,
    )
    key = await db_session.scalar(
        select(AuditLog.resource_key).where(AuditLog.resource_id == resource)
    )
    assert key == "K" * 255
