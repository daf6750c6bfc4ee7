"""`/users`: account administration for admins, and everyone's own account under `/users/me`."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope, ok
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.headers import LOCATION, answer_headers
from shopfloor.core.pagination import Pagination, paginated
from shopfloor.core.security import CurrentPrincipal
from shopfloor.user import service
from shopfloor.user.dependencies import (
    CurrentUser,
    ManagedUser,
    UserFilterParams,
    UserManager,
    message,
)
from shopfloor.user.exceptions import (
    CannotChangeOwnRoleError,
    CannotDeactivateSelfError,
    CannotDeleteSelfError,
    CannotResetOwnPasswordError,
    CurrentPasswordIncorrectError,
    EmailTakenError,
    LastAdminError,
    NothingToUpdateError,
    PasswordChangeThrottledError,
    PasswordUnchangedError,
    UserNotFoundError,
)
from shopfloor.user.schemas import (
    PasswordChange,
    PasswordReset,
    UserCreate,
    UserProfile,
    UserRead,
    UserSelfUpdate,
    UserUpdate,
)

router = APIRouter()


# -- the caller's own account (declared before /{user_id} so "me" is not read as an id) ------


@router.get(
    "/me",
    response_model=Envelope[UserProfile],
    responses=error_responses(UserNotFoundError),
    summary="My account and permissions",
)
async def read_me(
    user: CurrentUser, principal: CurrentPrincipal, db_session: DbSession
) -> dict[str, object]:
    """The caller's account, organisation and the permissions of their role."""
    organization = await service.get_organization(
        db_session=db_session, organization_id=principal.organization_id
    )
    profile = UserProfile(
        **user.model_dump(), organization=organization, permissions=sorted(principal.permissions)
    )
    return ok(profile)


@router.patch(
    "/me",
    response_model=Envelope[UserRead],
    responses=error_responses(UserNotFoundError),
    summary="Change my name",
)
async def update_me(
    body: UserSelfUpdate,
    principal: CurrentPrincipal,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> dict[str, object]:
    """Only the full name can be changed here; role and status are set by an admin."""
    user = await service.update_own_profile(
        db_session=db_session,
        organization_id=principal.organization_id,
        user_id=principal.user_id,
        data=body,
        actor_role=principal.role,
        context=context,
    )
    return ok(user)


@router.post(
    "/me/password",
    response_model=Envelope[UserRead],
    responses=error_responses(
        UserNotFoundError,
        CurrentPasswordIncorrectError,
        PasswordUnchangedError,
        PasswordChangeThrottledError,
    ),
    summary="Change my password",
)
async def change_my_password(
    body: PasswordChange,
    request: Request,
    principal: CurrentPrincipal,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> dict[str, object] | JSONResponse:
    """Requires the current password. Ends every session, this one included: sign in again.

    A wrong current password is audited and counted per account: past the limit
    (`AUTH_PASSWORD_CHANGE_MAX_FAILURES` within `AUTH_PASSWORD_CHANGE_WINDOW_S`) the answer
    is 429 `PASSWORD_CHANGE_THROTTLED` with `Retry-After`.
    """
    user = await service.change_own_password(
        db_session=db_session,
        organization_id=principal.organization_id,
        user_id=principal.user_id,
        data=body,
        actor_role=principal.role,
        context=context,
    )
    return ok(user, message(request, "PASSWORD_CHANGED"))


# -- administration ---------------------------------------------------------------------------


@router.get(
    "",
    response_model=ListEnvelope[UserRead],
    responses=error_responses(PermissionDeniedError),
    summary="List users",
)
async def list_users(
    principal: UserManager,
    db_session: DbSession,
    filters: UserFilterParams,
    pagination: Pagination,
) -> dict[str, object]:
    """Accounts of the caller's organisation, sorted by email; deleted accounts are omitted."""
    page = await service.list_users(
        db_session=db_session,
        organization_id=principal.organization_id,
        filters=filters,
        params=pagination,
    )
    return paginated(page)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[UserRead],
    responses=answer_headers(201, LOCATION)
    | error_responses(PermissionDeniedError, EmailTakenError),
    summary="Create a user",
)
async def create_user(
    body: UserCreate,
    request: Request,
    response: Response,
    principal: UserManager,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> dict[str, object]:
    """A new account in the caller's organisation. The email must be unused (409)."""
    user = await service.create_user(
        db_session=db_session,
        organization_id=principal.organization_id,
        data=body,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    response.headers["Location"] = str(request.url_for("read_user", user_id=str(user.id)))
    return ok(user)


@router.get(
    "/{user_id}",
    response_model=Envelope[UserRead],
    responses=error_responses(PermissionDeniedError, UserNotFoundError),
    summary="Read a user",
)
async def read_user(user: ManagedUser) -> dict[str, object]:
    return ok(user)


@router.patch(
    "/{user_id}",
    response_model=Envelope[UserRead],
    responses=error_responses(
        PermissionDeniedError,
        UserNotFoundError,
        CannotChangeOwnRoleError,
        CannotDeactivateSelfError,
        LastAdminError,
        NothingToUpdateError,
    ),
    summary="Change a user's name, role or status",
)
async def update_user(
    body: UserUpdate,
    user: ManagedUser,
    principal: UserManager,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> dict[str, object]:
    """Send only the fields to change. Changing the role or deactivating ends the user's
    sessions. You cannot change your own role or deactivate yourself, and the organisation
    keeps at least one active admin (409)."""
    updated = await service.update_user(
        db_session=db_session,
        organization_id=principal.organization_id,
        user_id=user.id,
        data=body,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    return ok(updated)


@router.delete(
    "/{user_id}",
    response_model=Envelope[UserRead],
    responses=error_responses(
        PermissionDeniedError, UserNotFoundError, CannotDeleteSelfError, LastAdminError
    ),
    summary="Delete a user",
)
async def delete_user(
    user: ManagedUser,
    request: Request,
    principal: UserManager,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> dict[str, object]:
    """Soft delete: the account can no longer sign in, its history stays readable in the
    audit log, and its email can be used again. Not yourself, not the last active admin."""
    deleted = await service.delete_user(
        db_session=db_session,
        organization_id=principal.organization_id,
        user_id=user.id,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    return ok(deleted, message(request, "USER_DELETED"))


@router.post(
    "/{user_id}/password",
    response_model=Envelope[UserRead],
    responses=error_responses(
        PermissionDeniedError, UserNotFoundError, CannotResetOwnPasswordError
    ),
    summary="Reset a user's password",
)
async def reset_password(
    body: PasswordReset,
    user: ManagedUser,
    request: Request,
    principal: UserManager,
    db_session: DbSession,
    context: CurrentRequestContext,
) -> dict[str, object]:
    """Set a new password for someone who forgot theirs; ends all of their sessions.
    For your own password use `POST /users/me/password` (409 here)."""
    updated = await service.reset_password(
        db_session=db_session,
        organization_id=principal.organization_id,
        user_id=user.id,
        data=body,
        actor_id=principal.user_id,
        actor_role=principal.role,
        context=context,
    )
    return ok(updated, message(request, "PASSWORD_RESET"))
