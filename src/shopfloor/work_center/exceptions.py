"""Errors the work_center module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.errors import ConflictError, NotFoundError, example
from shopfloor.core.master_data.errors import InactiveError, ValueTakenError
from shopfloor.work_center.constants import BLOCKED


class WorkCenterNotFoundError(NotFoundError):
    """Missing, or belonging to another organisation (the two are indistinguishable)."""

    code = "WORK_CENTER_NOT_FOUND"


class WorkCenterCodeTakenError(ValueTakenError):
    code = "WORK_CENTER_CODE_TAKEN"


class WorkCenterInactiveError(InactiveError):
    code = "WORK_CENTER_INACTIVE"


class WorkCenterBlockedError(ConflictError):
    code = BLOCKED
    example_params = example(code="CNC-01")
