"""Errors the work_center module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.errors import ConflictError, NotFoundError
from shopfloor.work_center import constants


class WorkCenterNotFoundError(NotFoundError):
    """Missing, or belonging to another organisation (the two are indistinguishable)."""

    code = constants.NOT_FOUND


class WorkCenterCodeTakenError(ConflictError):
    code = constants.CODE_TAKEN


class WorkCenterInactiveError(ConflictError):
    code = constants.INACTIVE


class WorkCenterBlockedError(ConflictError):
    code = constants.BLOCKED
