"""The user module's public functions, as the CLI and other modules call them."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopfloor.audit.models import AuditLog
from shopfloor.core.db_errors import constraint_name_of
from shopfloor.user import service
from shopfloor.user.constants import PERMISSION_MATRIX, ROLE_PERMISSIONS, Role
from shopfloor.user.exceptions import (
    EmailTakenError,
    InvalidInputError,
    LastAdminError,
    OrganizationSlugTakenError,
    UserNotFoundError,
)
from shopfloor.user.models import UserAccount
from shopfloor.user.schemas import UserCreate, UserUpdate
from tests.support.identity import (
    MakeUser,
    TestUser,
    create_organization,
    login,
    unique_email,
    unique_slug,
)

# The matrix exactly as the product defines it (docs/auth.md).
EXPECTED_MATRIX = {
    "user:manage": {"admin"},
    "audit:read": {"admin", "supervisor"},
    "work_center:read": {"admin", "supervisor", "planner", "operator", "viewer"},
    "work_center:manage": {"admin", "supervisor"},
    "customer:read": {"admin", "supervisor", "planner", "operator", "viewer"},
    "customer:manage": {"admin", "supervisor", "planner"},
    "item:read": {"admin", "supervisor", "planner", "operator", "viewer"},
    "item:manage": {"admin", "supervisor", "planner"},
    "work_order:read": {"admin", "supervisor", "planner", "operator", "viewer"},
    "work_order:create": {"admin", "supervisor", "planner"},
    "work_order:update": {"admin", "supervisor", "planner"},
    "work_order:delete": {"admin", "supervisor", "planner"},
    "work_order:start": {"admin", "supervisor", "planner"},
    "work_order:transition": {"admin", "supervisor"},
    "work_order:cancel_pending": {"admin", "supervisor", "planner"},
    "work_order:reopen": {"admin"},
    "dispatch:manage": {"admin", "supervisor", "planner"},
    "dispatch:operate": {"admin", "supervisor", "operator"},
    "production:report": {"admin", "supervisor", "operator"},
    "production:reverse": {"admin", "supervisor"},
    "routing:read": {"admin", "supervisor", "planner", "operator", "viewer"},
    "routing:manage": {"admin", "supervisor", "planner"},
}


def test_the_permission_matrix() -> None:
    assert {name: {role.value for role in roles} for name, roles in PERMISSION_MATRIX.items()} == (
        EXPECTED_MATRIX
    )
    for role in Role:
        expected = {name for name, roles in EXPECTED_MATRIX.items() if role.value in roles}
        assert ROLE_PERMISSIONS[role] == expected
        assert service.permissions_for_role(role.value) == expected
    assert service.permissions_for_role("superuser") == frozenset()


async def test_bootstrap_creates_an_organisation_and_its_first_admin(
    client: httpx.AsyncClient, db_session: AsyncSession
) -> None:
    slug = unique_slug("plant")
    email = unique_email("Owner").upper()
    result = await service.create_organization_with_admin(
        db_session=db_session,
        organization_name="Hsinchu Plant",
        organization_slug=slug.upper(),
        email=email,
        password="first-admin-password",
        full_name="Plant Owner",
    )
    assert result.organization.slug == slug
    assert result.admin.role == Role.ADMIN
    assert result.admin.email == email.lower()
    assert result.admin.organization_id == result.organization.id
    response = await login(client, email, "first-admin-password")
    assert response.status_code == 200
    actions = (
        await db_session.execute(
            select(AuditLog.resource_type, AuditLog.action, AuditLog.actor_id)
            .where(AuditLog.organization_id == result.organization.id)
            .order_by(AuditLog.id)
        )
    ).all()
    assert [tuple(row) for row in actions] == [
        ("organization", "created", None),
        ("user", "created", None),
        ("user", "login_succeeded", result.admin.id),
    ]


async def test_bootstrap_refuses_a_taken_slug_or_email(
    db_session: AsyncSession, make_user: MakeUser
) -> None:
    existing = await make_user()
    slug = unique_slug()
    await service.create_organization(db_session=db_session, name="First", slug=slug)
    with pytest.raises(OrganizationSlugTakenError):
        await service.create_organization_with_admin(
            db_session=db_session,
            organization_name="Second",
            organization_slug=slug,
            email=unique_email(),
            password="first-admin-password",
            full_name="Owner",
        )
    with pytest.raises(EmailTakenError):
        await service.create_organization_with_admin(
            db_session=db_session,
            organization_name="Third",
            organization_slug=unique_slug(),
            email=existing.email,
            password="first-admin-password",
            full_name="Owner",
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organization_slug": "Not A Slug"}, "slug"),
        ({"organization_slug": "-edge-"}, "slug"),
        ({"organization_name": ""}, "name"),
        ({"email": "nobody"}, "email"),
        ({"password": "short"}, "password"),
        ({"full_name": ""}, "full_name"),
    ],
)
async def test_bootstrap_validates_its_input(
    db_session: AsyncSession, changes: dict[str, str], field: str
) -> None:
    arguments = {
        "organization_name": "Plant",
        "organization_slug": unique_slug(),
        "email": unique_email(),
        "password": "first-admin-password",
        "full_name": "Owner",
    }
    arguments.update(changes)
    with pytest.raises(InvalidInputError) as caught:
        await service.create_organization_with_admin(db_session=db_session, **arguments)
    assert caught.value.status_code == 422
    assert [field] in [detail["loc"] for detail in caught.value.details]


async def test_get_user_is_bound_to_the_organisation(
    db_session: AsyncSession, make_user: MakeUser, org: uuid.UUID
) -> None:
    user = await make_user()
    found = await service.get_user(db_session=db_session, organization_id=org, user_id=user.id)
    assert found.email == user.email
    other = await create_organization(db_session)
    with pytest.raises(UserNotFoundError):
        await service.get_user(db_session=db_session, organization_id=other, user_id=user.id)
    with pytest.raises(UserNotFoundError):
        await service.get_user(db_session=db_session, organization_id=org, user_id=uuid.uuid4())


async def test_find_user_by_email_ignores_case_and_deleted_accounts(
    db_session: AsyncSession, client: httpx.AsyncClient, make_user: MakeUser, admin: TestUser
) -> None:
    user = await make_user()
    found = await service.find_user_by_email(db_session=db_session, email=user.email.upper())
    assert found is not None
    assert found.id == user.id
    assert await service.find_user_by_email(db_session=db_session, email="no@example.test") is None
    await client.delete(f"/api/v1/users/{user.id}", headers=admin.headers)
    db_session.expunge_all()
    assert await service.find_user_by_email(db_session=db_session, email=user.email) is None


async def test_set_password_from_the_command_line(
    db_session: AsyncSession, client: httpx.AsyncClient, make_user: MakeUser, org: uuid.UUID
) -> None:
    user = await make_user()
    await service.set_password(
        db_session=db_session, organization_id=org, user_id=user.id, password="set-by-the-cli"
    )
    assert (await login(client, user.email, "set-by-the-cli")).status_code == 200
    assert (await client.get("/api/v1/users/me", headers=user.headers)).status_code == 401
    with pytest.raises(InvalidInputError):
        await service.set_password(
            db_session=db_session, organization_id=org, user_id=user.id, password="short"
        )


async def test_deactivate_user_from_the_command_line(
    db_session: AsyncSession, client: httpx.AsyncClient, make_user: MakeUser, org: uuid.UUID
) -> None:
    user = await make_user(role="operator")
    await service.deactivate_user(db_session=db_session, organization_id=org, user_id=user.id)
    assert (await login(client, user.email, user.password)).status_code == 401
    # Idempotent: a second call changes and records nothing.
    await service.deactivate_user(db_session=db_session, organization_id=org, user_id=user.id)
    entries = (
        await db_session.execute(
            select(AuditLog.action).where(
                AuditLog.resource_id == user.id, AuditLog.action == "user_deactivated"
            )
        )
    ).all()
    assert len(entries) == 1


async def test_the_last_active_admin_stays(
    db_session: AsyncSession, make_user: MakeUser, org: uuid.UUID
) -> None:
    only_admin = await make_user(role="admin")
    supervisor = await make_user(role="supervisor")
    with pytest.raises(LastAdminError):
        await service.deactivate_user(
            db_session=db_session, organization_id=org, user_id=only_admin.id
        )
    for change in ({"role": "planner"}, {"is_active": False}):
        with pytest.raises(LastAdminError):
            await service.update_user(
                db_session=db_session,
                organization_id=org,
                user_id=only_admin.id,
                data=UserUpdate.model_validate(change),
                actor_id=supervisor.id,
                actor_role="supervisor",
            )
    with pytest.raises(LastAdminError):
        await service.delete_user(
            db_session=db_session,
            organization_id=org,
            user_id=only_admin.id,
            actor_id=supervisor.id,
            actor_role="supervisor",
        )
    # An inactive admin does not count as the one that remains.
    await make_user(role="admin", is_active=False)
    with pytest.raises(LastAdminError):
        await service.deactivate_user(
            db_session=db_session, organization_id=org, user_id=only_admin.id
        )


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    live_client: httpx.AsyncClient, live_make_user: MakeUser, live_session: AsyncSession
) -> None:
    first = await live_make_user(role="admin")
    second = await live_make_user(role="admin")
    responses = await asyncio.gather(
        live_client.patch(
            f"/api/v1/users/{second.id}", headers=first.headers, json={"role": "viewer"}
        ),
        live_client.patch(
            f"/api/v1/users/{first.id}", headers=second.headers, json={"role": "viewer"}
        ),
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses[0] == 200
    assert statuses[1] in {401, 409}  # refused by the admin rule, or its session already ended
    for response in responses:
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "LAST_ADMIN"
    admins = (
        await live_session.execute(
            select(UserAccount.id).where(
                UserAccount.organization_id == first.organization_id,
                UserAccount.role == "admin",
                UserAccount.is_active.is_(True),
            )
        )
    ).all()
    assert len(admins) == 1


async def test_the_database_itself_refuses_a_case_variant_email(
    db_session: AsyncSession, make_user: MakeUser, org: uuid.UUID
) -> None:
    user = await make_user()
    with pytest.raises(IntegrityError) as caught:
        async with db_session.begin_nested():
            await db_session.execute(
                text(
                    "INSERT INTO user_account (id, organization_id, email, full_name, role, "
                    "password_hash) VALUES (:id, :org, :email, 'Twin', 'viewer', 'x')"
                ),
                {"id": uuid.uuid4(), "org": org, "email": user.email.upper()},
            )
    assert constraint_name_of(caught.value) == "uq_user_account_email_lower"


async def test_the_database_refuses_an_unknown_role(
    db_session: AsyncSession, org: uuid.UUID
) -> None:
    with pytest.raises(IntegrityError) as caught:
        async with db_session.begin_nested():
            await db_session.execute(
                text(
                    "INSERT INTO user_account (id, organization_id, email, full_name, role, "
                    "password_hash) VALUES (:id, :org, 'x@example.test', 'X', 'root', 'x')"
                ),
                {"id": uuid.uuid4(), "org": org},
            )
    assert constraint_name_of(caught.value) == "ck_user_account_role"


async def test_identity_for_authentication(
    db_session: AsyncSession, make_user: MakeUser, org: uuid.UUID
) -> None:
    user = await make_user(role="planner")
    identity = await service.get_identity(
        db_session=db_session, organization_id=org, user_id=user.id
    )
    assert identity is not None
    assert (identity.role, identity.is_active, identity.token_version) == (Role.PLANNER, True, 0)
    other = await create_organization(db_session)
    assert (
        await service.get_identity(db_session=db_session, organization_id=other, user_id=user.id)
        is None
    )
    version = await service.end_all_sessions(
        db_session=db_session, organization_id=org, user_id=user.id
    )
    assert version == 1


async def test_an_admin_change_in_progress_does_not_block_the_organisations_other_writes(
    engine: AsyncEngine, live_make_user: MakeUser
) -> None:
    # The last-admin rule locks the organisation row; inserts that reference it (here a new
    # account, as sign-ins, audit rows and work orders do) must not wait for that lock.
    first = await live_make_user(role="admin")
    second = await live_make_user(role="admin")
    sessions = async_sessionmaker(bind=engine, expire_on_commit=False)
    async with sessions() as changing, sessions() as inserting:
        await service.update_user(
            db_session=changing,
            organization_id=first.organization_id,
            user_id=second.id,
            data=UserUpdate(role=Role.VIEWER),
            actor_id=first.id,
            actor_role="admin",
        )
        await inserting.execute(text("SET LOCAL lock_timeout = '2s'"))
        created = await service.create_user(
            db_session=inserting,
            organization_id=first.organization_id,
            data=UserCreate(
                email=unique_email(),
                full_name="Night shift",
                role=Role.OPERATOR,
                password="a-long-enough-password",
            ),
            actor_id=first.id,
            actor_role="admin",
        )
        await inserting.rollback()
        await changing.rollback()
    assert created.organization_id == first.organization_id
