"""Errors the work_order module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.errors import (
    ConflictError,
    NotFoundError,
    PreconditionRequiredError,
    ValidationFailedError,
)
from shopfloor.work_order import constants


class WorkOrderNotFoundError(NotFoundError):
    """Missing, deleted, or belonging to another organisation (indistinguishable)."""

    code = constants.NOT_FOUND


class WorkOrderNumberTakenError(ConflictError):
    code = constants.NUMBER_TAKEN


class InvalidTransitionError(ConflictError):
    """The action is not possible from the order's status (details: allowed actions)."""

    code = constants.INVALID_TRANSITION


class WorkOrderReadOnlyError(ConflictError):
    code = constants.READ_ONLY


class WorkOrderFieldLockedError(ConflictError):
    code = constants.FIELD_LOCKED


class QuantityBelowReportedError(ConflictError):
    code = constants.QUANTITY_BELOW_REPORTED


class QuantityBelowDispatchedError(ConflictError):
    code = constants.QUANTITY_BELOW_DISPATCHED


class WorkOrderNotDeletableError(ConflictError):
    code = constants.NOT_DELETABLE


class ReasonRequiredError(ValidationFailedError):
    code = constants.REASON_REQUIRED


class ShortCloseReasonRequiredError(ValidationFailedError):
    code = constants.SHORT_CLOSE_REASON_REQUIRED


class ActiveDispatchesError(ConflictError):
    code = constants.ACTIVE_DISPATCHES


class WorkOrderNotRunningError(ConflictError):
    code = constants.NOT_RUNNING


class InvalidDatesError(ValidationFailedError):
    code = constants.INVALID_DATES


class InvalidReferenceError(ValidationFailedError):
    """An id in the body names nothing usable in the caller's organisation."""

    code = constants.INVALID_REFERENCE


class InvalidQueryError(ValidationFailedError):
    code = constants.INVALID_QUERY


class DispatchNotFoundError(NotFoundError):
    code = constants.DISPATCH_NOT_FOUND


class DispatchInvalidTransitionError(ConflictError):
    code = constants.DISPATCH_INVALID_TRANSITION


class DispatchReadOnlyError(ConflictError):
    code = constants.DISPATCH_READ_ONLY


class DispatchFieldLockedError(ConflictError):
    code = constants.DISPATCH_FIELD_LOCKED


class PlannedQtyExceedsOpenError(ValidationFailedError):
    code = constants.DISPATCH_EXCEEDS_OPEN


class PlannedQtyBelowReportedError(ConflictError):
    code = constants.DISPATCH_BELOW_REPORTED


class DispatchNotInProgressError(ConflictError):
    code = constants.DISPATCH_NOT_IN_PROGRESS


class OverproductionError(ConflictError):
    code = constants.OVERPRODUCTION


class ReportTimeInFutureError(ValidationFailedError):
    code = constants.REPORT_TIME_IN_FUTURE


class IdempotencyKeyReusedError(ConflictError):
    code = constants.IDEMPOTENCY_KEY_REUSED


class IdempotencyKeyRequiredError(PreconditionRequiredError):
    code = constants.IDEMPOTENCY_KEY_REQUIRED
