"""Organisations and user accounts: the user module's public functions.

Every function is keyword-only, takes the session, flushes and never commits. Every read and
write of an account is bound to the caller's organisation; an account of another
organisation, or a deleted one, is reported exactly like one that does not exist.
Changes are audited in the same transaction.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit
from shopfloor.core.context import RequestContext
from shopfloor.core.db_errors import constraint_name_of
from shopfloor.core.notified_cache import NotifiedCache
from shopfloor.core.pagination import Page, PageParams
from shopfloor.user import passwords
from shopfloor.user.constants import (
    EMAIL_UNIQUE_INDEX,
    PASSWORD_CHANGE_FAILED,
    RESOURCE_ORGANIZATION,
    RESOURCE_USER,
    ROLE_PERMISSIONS,
    SLUG_UNIQUE_CONSTRAINT,
    Role,
)
from shopfloor.user.exceptions import (
    CannotChangeOwnRoleError,
    CannotDeactivateSelfError,
    CannotDeleteSelfError,
    CannotResetOwnPasswordError,
    CurrentPasswordIncorrectError,
    EmailTakenError,
    InvalidInputError,
    LastAdminError,
    NothingToUpdateError,
    OrganizationNotFoundError,
    OrganizationSlugTakenError,
    PasswordChangeThrottledError,
    PasswordUnchangedError,
    UserNotFoundError,
)
from shopfloor.user.identity_cache import IDENTITY_CACHE_STATE
from shopfloor.user.identity_cache import IdentityCache as IdentityCache
from shopfloor.user.models import Organization, UserAccount
from shopfloor.user.repository import (
    OrganizationDirectory,
    OrganizationRepository,
    UserDirectory,
    UserRepository,
)
from shopfloor.user.schemas import (
    CredentialCheck,
    OrganizationCreate,
    OrganizationRead,
    OrganizationWithAdmin,
    PasswordChange,
    PasswordReset,
    UserCreate,
    UserFilters,
    UserIdentity,
    UserRead,
    UserSelfUpdate,
    UserUpdate,
)

# -- roles ------------------------------------------------------------------------------------


def permissions_for_role(role: str) -> frozenset[str]:
    """The permissions a role grants (empty for an unknown role)."""
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()


# -- organisations ----------------------------------------------------------------------------


def _validated(schema: type[BaseModel], values: Mapping[str, Any]) -> Any:
    """Validate input handed to a service function directly (the CLI) like a request body."""
    try:
        return schema.model_validate(values)
    except ValidationError as exc:
        raise InvalidInputError(
            details=[
                {
                    "loc": [str(part) for part in error["loc"]],
                    "code": error["type"].upper(),
                    "message": error["msg"],
                }
                for error in exc.errors()
            ]
        ) from exc


@contextmanager
def _unique_conflicts() -> Iterator[None]:
    """Turn a race on a unique email or slug, lost at the flush, into the friendly 409."""
    try:
        yield
    except IntegrityError as exc:
        constraint = constraint_name_of(exc)
        if constraint == EMAIL_UNIQUE_INDEX:
            raise EmailTakenError() from exc
        if constraint == SLUG_UNIQUE_CONSTRAINT:
            raise OrganizationSlugTakenError() from exc
        raise


async def create_organization(
    *,
    db_session: AsyncSession,
    name: str,
    slug: str,
    context: RequestContext | None = None,
) -> OrganizationRead:
    data: OrganizationCreate = _validated(OrganizationCreate, {"name": name, "slug": slug})
    directory = OrganizationDirectory(db_session)
    if await directory.slug_taken(data.slug):
        raise OrganizationSlugTakenError()
    with _unique_conflicts():
        organization = await directory.add(Organization(name=data.name, slug=data.slug))
    await audit.record(
        db_session=db_session,
        organization_id=organization.id,
        action="created",
        resource_type=RESOURCE_ORGANIZATION,
        resource_id=organization.id,
        resource_key=organization.slug,
        actor_id=None,
        actor_role=None,
        changes=audit.diff({}, {"name": organization.name, "slug": organization.slug}),
        context=context,
    )
    return OrganizationRead.model_validate(organization)


async def get_organization(
    *, db_session: AsyncSession, organization_id: uuid.UUID
) -> OrganizationRead:
    organization = await OrganizationRepository(db_session, organization_id=organization_id).get()
    if organization is None:
        raise OrganizationNotFoundError()
    return OrganizationRead.model_validate(organization)


async def create_organization_with_admin(
    *,
    db_session: AsyncSession,
    organization_name: str,
    organization_slug: str,
    email: str,
    password: str,
    full_name: str,
) -> OrganizationWithAdmin:
    """Bootstrap: a new organisation and its first admin (409 if the slug or email exists)."""
    admin_data: UserCreate = _validated(
        UserCreate,
        {"email": email, "password": password, "full_name": full_name, "role": Role.ADMIN},
    )
    organization = await create_organization(
        db_session=db_session, name=organization_name, slug=organization_slug
    )
    admin = await create_user(
        db_session=db_session,
        organization_id=organization.id,
        data=admin_data,
        actor_id=None,
        actor_role=None,
    )
    return OrganizationWithAdmin(organization=organization, admin=admin)


# -- reading accounts -------------------------------------------------------------------------


async def _account(
    accounts: UserRepository, user_id: uuid.UUID, *, for_update: bool = False
) -> UserAccount:
    """The live account of the repository's organisation, or 404 `USER_NOT_FOUND`."""
    account = await accounts.get_by_id(user_id, for_update=for_update)
    if account is None:
        raise UserNotFoundError()
    return account


async def get_user(
    *, db_session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> UserRead:
    """404 `USER_NOT_FOUND` for a missing, deleted or other organisation's account."""
    accounts = UserRepository(db_session, organization_id=organization_id)
    return UserRead.model_validate(await _account(accounts, user_id))


def _normalise_email(email: str) -> str:
    return email.strip().lower()


async def find_user_by_email(*, db_session: AsyncSession, email: str) -> UserRead | None:
    """Installation-wide lookup (emails are unique per installation); for the CLI."""
    account = await _find_by_email(db_session, email)
    return UserRead.model_validate(account) if account is not None else None


async def _find_by_email(db_session: AsyncSession, email: str) -> UserAccount | None:
    return await UserDirectory(db_session).find_by_email(_normalise_email(email))


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


# -- creating and changing accounts -----------------------------------------------------------


async def create_user(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    data: UserCreate,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    context: RequestContext | None = None,
) -> UserRead:
    if await _find_by_email(db_session, data.email) is not None:
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
    await audit.record(
        db_session=db_session,
        organization_id=organization_id,
        action="created",
        resource_type=RESOURCE_USER,
        resource_id=account.id,
        resource_key=account.email,
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
        email=_normalise_email(email),
        full_name=full_name,
        role=role,
        is_active=True,
        password_hash=password_hash,
        token_version=0,
        password_changed_at=datetime.now(UTC),
    )
    with _unique_conflicts():
        return await UserRepository(db_session, organization_id=organization_id).add(account)


async def _ensure_another_active_admin(accounts: UserRepository, excluding: uuid.UUID) -> None:
    """409 unless the organisation keeps another active admin; its admins stay locked."""
    await OrganizationRepository(
        accounts.db_session, organization_id=accounts.organization_id
    ).lock_admins()
    if await accounts.count_other_active_admins(excluding) == 0:
        raise LastAdminError()


def _is_active_admin(account: UserAccount) -> bool:
    return account.role == Role.ADMIN.value and account.is_active


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
    account = await _account(accounts, user_id, for_update=True)
    new_role = changes.get("role", account.role)
    new_active = changes.get("is_active", account.is_active)
    role_changes = new_role != account.role
    active_changes = new_active != account.is_active
    if account.id == actor_id and role_changes:
        raise CannotChangeOwnRoleError()
    if account.id == actor_id and active_changes and not new_active:
        raise CannotDeactivateSelfError()
    if _is_active_admin(account) and (new_role != Role.ADMIN.value or not new_active):
        await _ensure_another_active_admin(accounts, account.id)

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
            await audit.record(
                db_session=db_session,
                organization_id=organization_id,
                action=action,
                resource_type=RESOURCE_USER,
                resource_id=account.id,
                resource_key=account.email,
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
    account = await _account(accounts, user_id, for_update=True)
    changes = audit.diff({"full_name": account.full_name}, {"full_name": data.full_name})
    if changes:
        await accounts.update(account, {"full_name": data.full_name})
        await audit.record(
            db_session=db_session,
            organization_id=organization_id,
            action="updated",
            resource_type=RESOURCE_USER,
            resource_id=account.id,
            resource_key=account.email,
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
    account = await _account(accounts, user_id, for_update=True)
    if account.id == actor_id:
        raise CannotDeleteSelfError()
    if _is_active_admin(account):
        await _ensure_another_active_admin(accounts, account.id)
    deleted_at = datetime.now(UTC)
    await accounts.update(
        account, {"deleted_at": deleted_at, "token_version": account.token_version + 1}
    )
    await audit.record(
        db_session=db_session,
        organization_id=organization_id,
        action="deleted",
        resource_type=RESOURCE_USER,
        resource_id=account.id,
        resource_key=account.email,
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
    account = await _account(accounts, user_id, for_update=True)
    if not account.is_active:
        return
    if _is_active_admin(account):
        await _ensure_another_active_admin(accounts, account.id)
    await accounts.update(account, {"is_active": False, "token_version": account.token_version + 1})
    await audit.record(
        db_session=db_session,
        organization_id=organization_id,
        action="user_deactivated",
        resource_type=RESOURCE_USER,
        resource_id=account.id,
        resource_key=account.email,
        actor_id=None,
        actor_role=None,
        changes={"is_active": [True, False]},
    )


# -- passwords --------------------------------------------------------------------------------


async def _store_password(
    accounts: UserRepository,
    account: UserAccount,
    password: str,
    *,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    reason: str,
    context: RequestContext | None,
) -> None:
    password_hash = await passwords.current().hash(password)
    # Every access and refresh token carries the version: all sessions end here.
    await accounts.update(
        account,
        {
            "password_hash": password_hash,
            "password_changed_at": datetime.now(UTC),
            "token_version": account.token_version + 1,
        },
    )
    await audit.record(
        db_session=accounts.db_session,
        organization_id=account.organization_id,
        action="password_changed",
        resource_type=RESOURCE_USER,
        resource_id=account.id,
        resource_key=account.email,
        actor_id=actor_id,
        actor_role=actor_role,
        reason=reason,
        context=context,
    )


async def set_password(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    password: str,
) -> None:
    """Set a password from the command line; ends the account's sessions."""
    data: PasswordReset = _validated(PasswordReset, {"new_password": password})
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await _account(accounts, user_id, for_update=True)
    await _store_password(
        accounts,
        account,
        data.new_password,
        actor_id=None,
        actor_role=None,
        reason="set from the command line",
        context=None,
    )


async def reset_password(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    data: PasswordReset,
    actor_id: uuid.UUID,
    actor_role: str,
    context: RequestContext | None = None,
) -> UserRead:
    """An admin sets another account's password; ends that account's sessions."""
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await _account(accounts, user_id, for_update=True)
    if account.id == actor_id:
        # Without the current password a stolen session could take the account over.
        raise CannotResetOwnPasswordError()
    await _store_password(
        accounts,
        account,
        data.new_password,
        actor_id=actor_id,
        actor_role=actor_role,
        reason="reset by an admin",
        context=context,
    )
    return UserRead.model_validate(account)


async def change_own_password(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    data: PasswordChange,
    actor_role: str,
    context: RequestContext | None = None,
) -> UserRead:
    """Change one's own password (the current one is required); ends every session.

    A wrong current password is recorded (`password_change_failed`, kept by raising the
    error with `keep_changes=True`) and counted: past `AUTH_PASSWORD_CHANGE_MAX_FAILURES`
    within the window the account answers 429 until the oldest failure leaves it, whatever
    password is sent. The account row is locked first, so simultaneous attempts are counted
    one after another.
    """
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await _account(accounts, user_id, for_update=True)
    hasher = passwords.current()
    limits = hasher.settings
    failures = await audit.recent_entries(
        db_session=db_session,
        organization_id=organization_id,
        resource_type=RESOURCE_USER,
        resource_id=account.id,
        action=PASSWORD_CHANGE_FAILED,
        window_s=limits.password_change_window_s,
    )
    if failures.count >= limits.password_change_max_failures and failures.oldest_at is not None:
        frees_at = failures.oldest_at + timedelta(seconds=limits.password_change_window_s)
        raise PasswordChangeThrottledError(
            retry_after_s=math.ceil((frees_at - failures.now).total_seconds())
        )
    check = await hasher.check(data.current_password, account.password_hash)
    if not check.matches:
        await audit.record(
            db_session=db_session,
            organization_id=organization_id,
            action=PASSWORD_CHANGE_FAILED,
            resource_type=RESOURCE_USER,
            resource_id=account.id,
            resource_key=account.email,
            actor_id=user_id,
            actor_role=actor_role,
            context=context,
        )
        raise CurrentPasswordIncorrectError(keep_changes=True)
    if data.new_password == data.current_password:
        raise PasswordUnchangedError()
    await _store_password(
        accounts,
        account,
        data.new_password,
        actor_id=user_id,
        actor_role=actor_role,
        reason="changed by the user",
        context=context,
    )
    return UserRead.model_validate(account)


# -- for authentication -----------------------------------------------------------------------


async def check_credentials(
    *, db_session: AsyncSession, email: str, password: str
) -> CredentialCheck:
    """Check a sign-in. Every outcome costs one password check, so timing reveals nothing.

    On success the hash is upgraded when it was made with older parameters, and
    `last_login_at` is set.
    """
    hasher = passwords.current()
    account = await _find_by_email(db_session, email)
    if account is None:
        await hasher.waste_time(password)
        return CredentialCheck(outcome="unknown_email")
    check = await hasher.check(password, account.password_hash)
    if not check.matches:
        return CredentialCheck(outcome="wrong_password", user=UserRead.model_validate(account))
    if not account.is_active:
        return CredentialCheck(outcome="inactive", user=UserRead.model_validate(account))
    values: dict[str, Any] = {"last_login_at": datetime.now(UTC)}
    if check.upgraded_hash is not None:
        values["password_hash"] = check.upgraded_hash
    await UserRepository(db_session, organization_id=account.organization_id).update(
        account, values
    )
    return CredentialCheck(
        outcome="ok",
        user=UserRead.model_validate(account),
        token_version=account.token_version,
    )


async def get_identity(
    *,
    db_session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    cache: IdentityCache | None = None,
) -> UserIdentity | None:
    """The fields authentication checks on every request, in one primary-key lookup.

    With `cache` (read requests only) a known identity is answered from memory, and one
    read from the database is kept there (see identity_cache.py for why that stays exact).
    """
    generation = 0
    if cache is not None:
        known = cache.get(user_id)
        if known is not None and known.organization_id == organization_id:
            return known
        generation = cache.generation
    row = await UserRepository(db_session, organization_id=organization_id).identity(user_id)
    if row is None:
        return None
    identity = UserIdentity.model_validate(row)
    if cache is not None:
        cache.put(identity.id, identity, generation)
    return identity


def identity_cache_of(app: FastAPI) -> IdentityCache | None:
    """The application's cache of identities, when the user module keeps one."""
    cache = getattr(app.state, IDENTITY_CACHE_STATE, None)
    return cache if isinstance(cache, NotifiedCache) else None


async def end_all_sessions(
    *, db_session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> int:
    """Bump the account's token version: every token issued so far stops working."""
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await _account(accounts, user_id, for_update=True)
    await accounts.update(account, {"token_version": account.token_version + 1})
    return account.token_version
