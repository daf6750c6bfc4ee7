"""What the user services share: input checks, the friendly 409s of unique races, the
lookups of an account, and the rule that an organisation keeps an active admin.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit
from shopfloor.core.context import RequestContext
from shopfloor.core.db_errors import constraint_name_of
from shopfloor.user.constants import (
    EMAIL_UNIQUE_INDEX,
    RESOURCE_USER,
    SLUG_UNIQUE_CONSTRAINT,
    Role,
)
from shopfloor.user.exceptions import (
    EmailTakenError,
    InvalidInputError,
    LastAdminError,
    OrganizationSlugTakenError,
    UserNotFoundError,
)
from shopfloor.user.models import UserAccount
from shopfloor.user.repository import OrganizationRepository, UserDirectory, UserRepository


def validated(schema: type[BaseModel], values: Mapping[str, Any]) -> Any:
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
def unique_conflicts() -> Iterator[None]:
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


async def existing_account(
    accounts: UserRepository, user_id: uuid.UUID, *, for_update: bool = False
) -> UserAccount:
    """The live account of the repository's organisation, or 404 `USER_NOT_FOUND`."""
    account = await accounts.get_by_id(user_id, for_update=for_update)
    if account is None:
        raise UserNotFoundError()
    return account


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def find_by_email(db_session: AsyncSession, email: str) -> UserAccount | None:
    return await UserDirectory(db_session).find_by_email(normalise_email(email))


def is_active_admin(account: UserAccount) -> bool:
    return account.role == Role.ADMIN.value and account.is_active


async def ensure_another_active_admin(accounts: UserRepository, excluding: uuid.UUID) -> None:
    """409 unless the organisation keeps another active admin; its admins stay locked."""
    await OrganizationRepository(
        accounts.db_session, organization_id=accounts.organization_id
    ).lock_admins()
    if await accounts.count_other_active_admins(excluding) == 0:
        raise LastAdminError()


async def record_account_event(
    db_session: AsyncSession,
    account: UserAccount,
    *,
    action: str,
    actor_id: uuid.UUID | None,
    actor_role: str | None,
    changes: Mapping[str, Sequence[Any]] | None = None,
    reason: str | None = None,
    context: RequestContext | None = None,
) -> None:
    """One audit entry about `account`, in its organisation and keyed by its email."""
    await audit.record(
        db_session=db_session,
        organization_id=account.organization_id,
        action=action,
        resource_type=RESOURCE_USER,
        resource_id=account.id,
        resource_key=account.email,
        actor_id=actor_id,
        actor_role=actor_role,
        changes=changes,
        reason=reason,
        context=context,
    )
