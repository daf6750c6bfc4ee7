"""Passwords: setting, resetting and changing them, and checking a sign-in.

Storing a new password moves the account's token version on, which ends every session.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit
from shopfloor.core.context import RequestContext
from shopfloor.user import passwords
from shopfloor.user.constants import PASSWORD_CHANGE_FAILED, RESOURCE_USER
from shopfloor.user.exceptions import (
    CannotResetOwnPasswordError,
    CurrentPasswordIncorrectError,
    PasswordChangeThrottledError,
    PasswordUnchangedError,
)
from shopfloor.user.models import UserAccount
from shopfloor.user.repository import UserRepository
from shopfloor.user.schemas import CredentialCheck, PasswordChange, PasswordReset, UserRead
from shopfloor.user.service.checks import (
    existing_account,
    find_by_email,
    record_account_event,
    validated,
)


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
    await record_account_event(
        accounts.db_session,
        account,
        action="password_changed",
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
    data: PasswordReset = validated(PasswordReset, {"new_password": password})
    accounts = UserRepository(db_session, organization_id=organization_id)
    account = await existing_account(accounts, user_id, for_update=True)
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
    account = await existing_account(accounts, user_id, for_update=True)
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
    account = await existing_account(accounts, user_id, for_update=True)
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
        await record_account_event(
            db_session,
            account,
            action=PASSWORD_CHANGE_FAILED,
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


async def check_credentials(
    *, db_session: AsyncSession, email: str, password: str
) -> CredentialCheck:
    """Check a sign-in. Every outcome costs one password check, so timing reveals nothing.

    On success the hash is upgraded when it was made with older parameters, and
    `last_login_at` is set.
    """
    hasher = passwords.current()
    account = await find_by_email(db_session, email)
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
