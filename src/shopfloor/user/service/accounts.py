"""User accounts: reading, listing, creating, changing, deactivating and deleting them.

Every read and write is bound to the caller's organisation; an account of another
organisation, or a deleted one, is reported exactly like one that does not exist.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Subquery
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit
from shopfloor.core.context import RequestContext
from shopfloor.core.pagination import Page, PageParams
from shopfloor.user import passwords
from shopfloor.user.constants import Role
from shopfloor.user.exceptions import (
    CannotChangeOwnRoleError,
    CannotDeactivateSelfError,
    CannotDeleteSelfError,
    EmailTakenError,
    NothingToUpdateError,
)
from shopfloor.user.models import UserAccount
from shopfloor.user.repository import UserRepository
from shopfloor.user.schemas import UserCreate, UserFilters, UserRead, UserSelfUpdate, UserUpdate
from shopfloor.user.service.checks import (
    ensure_another_active_admin,
    existing_account,
    find_by_email,
    is_active_admin,
    normalise_email,
    record_account_event,
    unique_conflicts,
)


async def get_user(
    *, db_session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> UserRead:
    """404 `USER_NOT_FOUND` for a missing, deleted or other organisation's account."""
    accounts = UserRepository(db_session, organization_id=organization_id)
    return UserRead.model_validate(await existing_account(accounts, user_id))


async def find_user_by_email(*, db_session: AsyncSession, email: str) -> UserRead | None:
    """Installation-wide lookup (emails are unique per installation); for the CLI."""
    account = await find_by_email(db_session, email)
    return UserRead.model_validate(account) if account is not None else None


def account_names(*, db_session: AsyncSession, organization_id: uuid.UUID) -> Subquery:
    """The organisation's live accounts as an `(id, name)` subquery, for other modules' reads.

    A module that shows who acted joins it in its own statement, so a whole page comes with
    its names in one query, without a lookup per row and without reaching into this
    module's tables. Deleted accounts are not in it: what they did shows no name.
    """
    return UserRepository(db_session, organization_id=organization_id).names()


async def list_users(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    filters: UserFilters,
    params: PageParams,
) -> Page[UserRead]:
    accounts = UserRepository(db_session, organization_id=organization_id)
    page = await accounts.list_page(filters, params)
    return Page(
        items=[UserRead.model_validate(account) for account in page.items],
        total=page.total,
        page=page.page,
        page_size=page.page_size,
    )


async def create_user(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    data: UserCreate,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> UserRead:
    if await find_by_email(db_session, data.email) is not None:
        raise EmailTakenError()
    password_hash = await passwords.current().hash(data.password)
    account = await _insert_account(
        db_session,
        organization_id=organization_id,
        email=data.email,
        full_name=data.full_name,
        role=data.role.value,
        password_hash=password_hash,
    )
    created = UserRead.model_validate(account)
    await record_account_event(
        db_session,
        account,
        action="created",
        actor_id=actor_id,
        actor_role=actor_role,
        changes=audit.diff(
            {},
            {
                "email": created.email,
                "full_name": created.full_name,
                "role": created.role,
                "is_active": created.is_active,
            },
        ),
        context=context,
    )
    return created


async def _insert_account(
    db_session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    email: str,
    full_name: str,
    role: str,
    password_hash: str,
) -> UserAccount:
    account = UserAccount(
        email=normalise_email(email),
        full_name=full_name,
        role=role,
        is_active=True,
        password_hash=password_hash,
        token_version=0,
        password_changed_at=datetime.now(UTC),
    )
    with unique_conflicts():
        return await UserRepository(db_session, organization_id=organization_id).add(account)


async def update_user(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    data: UserUpdate,
    actor_id: uuid.UUID,
    actor_role: str,
    context: RequestContext | None = None,
) -> UserRead:
    """An admin changes an account's name, role or active flag.

    Nobody changes their own role or deactivates themselves, and the organisation keeps at
    least one active admin (409). A role change or deactivation ends the account's sessions.
    """
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise NothingToUpdateError()
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await existing_account(accounts, user_id, for_update=True)
    new_role = changes.get("role", account.role)
    new_active = changes.get("is_active", account.is_active)
    role_changes = new_role != account.role
    active_changes = new_active != account.is_active
    if account.id == actor_id and role_changes:
        raise CannotChangeOwnRoleError()
    if account.id == actor_id and active_changes and not new_active:
        raise CannotDeactivateSelfError()
    if is_active_admin(account) and (new_role != Role.ADMIN.value or not new_active):
        await ensure_another_active_admin(accounts, account.id)

    before = {"full_name": account.full_name, "role": account.role, "is_active": account.is_active}
    values: dict[str, Any] = {
        "full_name": changes.get("full_name", account.full_name),
        "role": Role(new_role).value,
        "is_active": new_active,
    }
    if role_changes or (active_changes and not new_active):
        values["token_version"] = account.token_version + 1
    await accounts.update(account, values)

    after = {"full_name": account.full_name, "role": account.role, "is_active": account.is_active}
    entries_to_record: list[tuple[str, list[str]]] = [
        ("updated", ["full_name"]),
        ("role_changed", ["role"]),
        ("user_activated" if account.is_active else "user_deactivated", ["is_active"]),
    ]
    for action, fields in entries_to_record:
        field_changes = audit.diff(
            {name: before[name] for name in fields}, {name: after[name] for name in fields}
        )
        if field_changes:
            await record_account_event(
                db_session,
                account,
                action=action,
                actor_id=actor_id,
                actor_role=actor_role,
                changes=field_changes,
                context=context,
            )
    return UserRead.model_validate(account)


async def update_own_profile(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    data: UserSelfUpdate,
    actor_role: str,
    context: RequestContext | None = None,
) -> UserRead:
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await existing_account(accounts, user_id, for_update=True)
    changes = audit.diff({"full_name": account.full_name}, {"full_name": data.full_name})
    if changes:
        await accounts.update(account, {"full_name": data.full_name})
        await record_account_event(
            db_session,
            account,
            action="updated",
            actor_id=user_id,
            actor_role=actor_role,
            changes=changes,
            context=context,
        )
    return UserRead.model_validate(account)


async def delete_user(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    actor_id: uuid.UUID,
    actor_role: str,
    context: RequestContext | None = None,
) -> UserRead:
    """Soft-delete an account: it can no longer sign in and its email becomes free."""
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await existing_account(accounts, user_id, for_update=True)
    if account.id == actor_id:
        raise CannotDeleteSelfError()
    if is_active_admin(account):
        await ensure_another_active_admin(accounts, account.id)
    deleted_at = datetime.now(UTC)
    await accounts.update(
        account, {"deleted_at": deleted_at, "token_version": account.token_version + 1}
    )
    await record_account_event(
        db_session,
        account,
        action="deleted",
        actor_id=actor_id,
        actor_role=actor_role,
        changes=audit.diff({"deleted_at": None}, {"deleted_at": deleted_at}),
        context=context,
    )
    return UserRead.model_validate(account)


async def deactivate_user(
    *, db_session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    """Deactivate an account from the command line (the last active admin stays, 409)."""
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await existing_account(accounts, user_id, for_update=True)
    if not account.is_active:
        return
    if is_active_admin(account):
        await ensure_another_active_admin(accounts, account.id)
    await accounts.update(account, {"is_active": False, "token_version": account.token_version + 1})
    await record_account_event(
        db_session,
        account,
        action="user_deactivated",
        actor_id=None,
        actor_role=None,
        changes={"is_active": [True, False]},
    )


async def end_all_sessions(
    *, db_session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> int:
    """Bump the account's token version: every token issued so far stops working."""
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await existing_account(accounts, user_id, for_update=True)
    await accounts.update(account, {"token_version": account.token_version + 1})
    return account.token_version
