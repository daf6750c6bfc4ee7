"""Dependencies of the user routes: permission guard, path lookups, filters, the caller."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from shopfloor.core.database import DbSession
from shopfloor.core.exception_handlers import locale_for
from shopfloor.core.i18n import MessageBook
from shopfloor.core.security import CurrentPrincipal, Principal, require_permission
from shopfloor.core.text import SingleLine
from shopfloor.user import service
from shopfloor.user.constants import SEARCH_MAX_LENGTH, Role
from shopfloor.user.schemas import UserFilters, UserRead

# Stripped below rather than by the constraint: a blank search means no search.
SearchText = Annotated[
    str, SingleLine(min_length=1, max_length=SEARCH_MAX_LENGTH, strip_whitespace=False)
]

UserManager = Annotated[Principal, Depends(require_permission("user:manage"))]


async def current_user(principal: CurrentPrincipal, db_session: DbSession) -> UserRead:
    """The caller's own account, loaded in full."""
    return await service.get_user(
        db_session=db_session,
        organization_id=principal.organization_id,
        user_id=principal.user_id,
    )


CurrentUser = Annotated[UserRead, Depends(current_user)]


async def valid_managed_user(
    principal: UserManager,
    db_session: DbSession,
    user_id: Annotated[uuid.UUID, Path(description="The account's id.")],
) -> UserRead:
    """The account named in the path, in the admin's organisation (404 otherwise).

    The permission is checked first, so a caller without it learns nothing about ids.
    """
    return await service.get_user(
        db_session=db_session, organization_id=principal.organization_id, user_id=user_id
    )


ManagedUser = Annotated[UserRead, Depends(valid_managed_user)]


async def user_filters(
    role: Annotated[Role | None, Query(description="Only accounts with this role.")] = None,
    is_active: Annotated[
        bool | None, Query(description="Only active (true) or inactive (false) accounts.")
    ] = None,
    q: Annotated[
        SearchText | None,
        Query(description="Case-insensitive search in email and full name."),
    ] = None,
) -> UserFilters:
    search = q.strip() if q else None
    return UserFilters(role=role, is_active=is_active, search=search or None)


UserFilterParams = Annotated[UserFilters, Depends(user_filters)]


def message(request: Request, code: str) -> str:
    """A success message in the caller's language."""
    book = getattr(request.app.state, "messages", None)
    if not isinstance(book, MessageBook):
        return code
    return book.render(code, locale_for(request.scope))
