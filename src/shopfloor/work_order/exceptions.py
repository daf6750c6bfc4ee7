"""Errors the work_order module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.envelope import DuplicateValueDetail, FieldErrorDetail
from shopfloor.core.errors import (
    ConflictError,
    NotFoundError,
    PreconditionRequiredError,
    ValidationFailedError,
    example,
)
from shopfloor.work_order import constants
from shopfloor.work_order.schemas.errors import (
    ActiveDispatchDetail,
    AllowedActionsDetail,
    InvalidReferenceDetail,
    LockedFieldDetail,
    OperationNotReadyDetail,
    OperationQtyDetail,
    OverproductionDetail,
    PlannedQtyDetail,
    QuantityConsumedDetail,
    ReasonRequiredDetail,
    ReversalDetail,
    ShortCloseDetail,
)


class WorkOrderNotFoundError(NotFoundError):
    """Missing, deleted, or belonging to another organisation (indistinguishable)."""

    code = constants.NOT_FOUND


class WorkOrderNumberTakenError(ConflictError):
    code = constants.NUMBER_TAKEN
    detail_model = DuplicateValueDetail


class InvalidTransitionError(ConflictError):
    """The action is not possible from the order's status (details: allowed actions)."""

    code = constants.INVALID_TRANSITION
    detail_model = AllowedActionsDetail
    example_params = example(status="completed", action="start")


class WorkOrderReadOnlyError(ConflictError):
    code = constants.READ_ONLY
    example_params = example(status="completed")


class WorkOrderFieldLockedError(ConflictError):
    code = constants.FIELD_LOCKED
    detail_model = LockedFieldDetail
    example_params = example(fields="order_number, product_model")


class QuantityBelowReportedError(ConflictError):
    code = constants.QUANTITY_BELOW_REPORTED
    example_params = example(reported=40)


class QuantityBelowDispatchedError(ConflictError):
    code = constants.QUANTITY_BELOW_DISPATCHED
    example_params = example(dispatched=60)


class WorkOrderNotDeletableError(ConflictError):
    code = constants.NOT_DELETABLE
    example_params = example(status="in_progress")


class ReasonRequiredError(ValidationFailedError):
    code = constants.REASON_REQUIRED
    detail_model = ReasonRequiredDetail
    example_params = example(action="hold")


class ShortCloseReasonRequiredError(ValidationFailedError):
    code = constants.SHORT_CLOSE_REASON_REQUIRED
    detail_model = ShortCloseDetail
    example_params = example(reported=95, quantity=100)


class ActiveDispatchesError(ConflictError):
    code = constants.ACTIVE_DISPATCHES
    detail_model = ActiveDispatchDetail


class WorkOrderNotRunningError(ConflictError):
    code = constants.NOT_RUNNING
    example_params = example(status="on_hold")


class InvalidDatesError(ValidationFailedError):
    code = constants.INVALID_DATES
    detail_model = FieldErrorDetail


class InvalidReferenceError(ValidationFailedError):
    """An id in the body names nothing usable in the caller's organisation."""

    code = constants.INVALID_REFERENCE
    detail_model = InvalidReferenceDetail


class ItemRequiredError(ValidationFailedError):
    """WORK_ORDER_REQUIRE_ITEM is on and the order names no item."""

    code = constants.ITEM_REQUIRED
    detail_model = FieldErrorDetail


class InvalidQueryError(ValidationFailedError):
    code = constants.INVALID_QUERY


class DispatchNotFoundError(NotFoundError):
    code = constants.DISPATCH_NOT_FOUND


class DispatchInvalidTransitionError(ConflictError):
    code = constants.DISPATCH_INVALID_TRANSITION
    detail_model = AllowedActionsDetail
    example_params = example(status="done", action="start")


class DispatchReadOnlyError(ConflictError):
    code = constants.DISPATCH_READ_ONLY
    example_params = example(status="done")


class DispatchFieldLockedError(ConflictError):
    code = constants.DISPATCH_FIELD_LOCKED
    detail_model = LockedFieldDetail
    example_params = example(fields="work_center_id")


class PlannedQtyExceedsOpenError(ValidationFailedError):
    code = constants.DISPATCH_EXCEEDS_OPEN
    detail_model = PlannedQtyDetail
    example_params = example(planned_qty=120, open_qty=80)


class PlannedQtyBelowReportedError(ConflictError):
    code = constants.DISPATCH_BELOW_REPORTED
    example_params = example(reported=40)


class DispatchNotInProgressError(ConflictError):
    code = constants.DISPATCH_NOT_IN_PROGRESS
    example_params = example(status="paused")


class OverproductionError(ConflictError):
    code = constants.OVERPRODUCTION
    detail_model = OverproductionDetail
    example_params = example(total=105, limit=100)


class ReportTimeInFutureError(ValidationFailedError):
    code = constants.REPORT_TIME_IN_FUTURE
    detail_model = FieldErrorDetail


class IdempotencyKeyReusedError(ConflictError):
    code = constants.IDEMPOTENCY_KEY_REUSED
    detail_model = FieldErrorDetail


class IdempotencyKeyRequiredError(PreconditionRequiredError):
    code = constants.IDEMPOTENCY_KEY_REQUIRED


class ProductionReportNotFoundError(NotFoundError):
    code = constants.REPORT_NOT_FOUND


class ReportAlreadyReversedError(ConflictError):
    code = constants.REPORT_ALREADY_REVERSED
    detail_model = ReversalDetail


class ReportIsReversalError(ConflictError):
    """A reversal cannot be reversed: the right quantity is reported again instead."""

    code = constants.REPORT_IS_REVERSAL


class ReportQuantityConsumedError(ConflictError):
    """A later operation already used pieces the reversal would take back."""

    code = constants.REPORT_QUANTITY_CONSUMED
    detail_model = QuantityConsumedDetail


class OperationNotFoundError(NotFoundError):
    """Not an operation of this order (or the order is not visible)."""

    code = constants.OPERATION_NOT_FOUND
    example_params = example(id="01939a6e-8f2b-7c41-9d3e-5a6b7c8d9e0f")


class OperationRequiredError(ValidationFailedError):
    """A dispatch of an order with operations must name one."""

    code = constants.OPERATION_REQUIRED
    detail_model = FieldErrorDetail


class OperationNotReadyError(ConflictError):
    """Nothing is available to the operation beyond what it has reported: checked at start."""

    code = constants.OPERATION_NOT_READY
    detail_model = OperationNotReadyDetail
    example_params = example(available_qty=40)


class OperationQtyExceedsAvailableError(ConflictError):
    code = constants.OPERATION_QTY_EXCEEDS_AVAILABLE
    detail_model = OperationQtyDetail
    example_params = example(available_qty=40, remaining=0)


class OperationHasReportsError(ConflictError):
    code = constants.OPERATION_HAS_REPORTS


class OperationNotSkippableError(ConflictError):
    code = constants.OPERATION_NOT_SKIPPABLE
    example_params = example(status="in_progress")


class OperationSkippedError(ConflictError):
    """A skipped operation takes no dispatches."""

    code = constants.OPERATION_SKIPPED
    example_params = example(id="01939a6e-8f2b-7c41-9d3e-5a6b7c8d9e0f")
