"""Fixed values of the work_order module: states, bounds, permissions and error codes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Final

RESOURCE_TYPE: Final = "work_order"

# -- permissions (the role matrix lives in the user module) --------------------------------

PERMISSION_READ: Final = "work_order:read"
PERMISSION_CREATE: Final = "work_order:create"
PERMISSION_UPDATE: Final = "work_order:update"
PERMISSION_DELETE: Final = "work_order:delete"
PERMISSION_START: Final = "work_order:start"
PERMISSION_TRANSITION: Final = "work_order:transition"
PERMISSION_CANCEL_PENDING: Final = "work_order:cancel_pending"
PERMISSION_REOPEN: Final = "work_order:reopen"
PERMISSION_DISPATCH_MANAGE: Final = "dispatch:manage"
PERMISSION_DISPATCH_OPERATE: Final = "dispatch:operate"
PERMISSION_REPORT: Final = "production:report"
PERMISSION_REVERSE: Final = "production:reverse"

# -- bounds ----------------------------------------------------------------------------------

ORDER_NUMBER_MAX_LENGTH: Final = 64
# Letters, digits and the separators ERP systems use; no spaces, so numbers survive copy-paste.
ORDER_NUMBER_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._/#-]*$"
PRODUCT_MODEL_MAX_LENGTH: Final = 100
OPERATION_MAX_LENGTH: Final = 100
REASON_MAX_LENGTH: Final = 500
SCRAP_REASON_MAX_LENGTH: Final = 200
NOTE_MAX_LENGTH: Final = 2000
SEARCH_MAX_LENGTH: Final = 64
# One billion pieces: far above any real order, far below the 32-bit column limit.
QUANTITY_MAX: Final = 1_000_000_000
PRIORITY_MIN: Final = 1
PRIORITY_MAX: Final = 10
PRIORITY_DEFAULT: Final = 5
SEQUENCE_MIN: Final = 1
SEQUENCE_MAX: Final = 9999
STATUS_MAX_LENGTH: Final = 16
# The bounds of a routing's operations (routing/constants.py), copied with them.
OPERATION_NAME_MAX_LENGTH: Final = 100
INSTRUCTIONS_MAX_LENGTH: Final = 4000
IDEMPOTENCY_KEY_MAX_LENGTH: Final = 255
# Printable ASCII without spaces: UUIDs, ULIDs and "tablet-7:1234" all fit.
IDEMPOTENCY_KEY_PATTERN: Final = r"^[\x21-\x7e]+$"
IDEMPOTENCY_SCOPE_REPORT: Final = "production_report"
IDEMPOTENCY_SCOPE_REVERSAL: Final = "report_reversal"
# Dates outside this window are typing mistakes; the bounds also keep time-zone arithmetic
# away from the limits of the date types.
EARLIEST_DATE: Final = date(1970, 1, 1)
LATEST_DATE: Final = date(9998, 12, 31)
DUE_SOON_DAYS: Final = 7
SUMMARY_DEFAULT_DAYS: Final = 30


class WorkOrderStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class WorkOrderAction(StrEnum):
    START = "start"
    HOLD = "hold"
    RESUME = "resume"
    COMPLETE = "complete"
    CANCEL = "cancel"
    REOPEN = "reopen"


class DispatchStatus(StrEnum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class DispatchAction(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    FINISH = "finish"
    CANCEL = "cancel"


OPEN_STATUSES: Final = (
    WorkOrderStatus.PENDING,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.ON_HOLD,
)
STATION_DEFAULT_STATUSES: Final = (DispatchStatus.QUEUED, DispatchStatus.IN_PROGRESS)


class OperationStatus(StrEnum):
    """An order's operation (copied from its routing): derived from its quantities and those
    of the operations before it, except `skipped`, which a supervisor sets."""

    PENDING = "pending"
    READY = "ready"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class WorkOrderSortField(StrEnum):
    """Fields the list may be ordered by; `-field` sorts descending."""

    ORDER_NUMBER = "order_number"
    PRIORITY = "priority"
    DUE_DATE = "due_date"
    STATUS = "status"
    QUANTITY = "quantity"
    PLANNED_START_AT = "planned_start_at"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    ID = "id"


DEFAULT_SORT: Final = "-priority,due_date,id"


class AuditAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    STATUS_CHANGED = "status_changed"
    DISPATCH_CREATED = "dispatch_created"
    DISPATCH_UPDATED = "dispatch_updated"
    DISPATCH_STATUS_CHANGED = "dispatch_status_changed"
    QUANTITY_REPORTED = "quantity_reported"
    REPORT_REVERSED = "report_reversed"
    OPERATIONS_COPIED = "operations_copied"
    OPERATION_UPDATED = "operation_updated"
    OPERATION_SKIPPED = "operation_skipped"


def status_changed(action: str) -> str:
    """The audit action of a lifecycle step: `status_changed:start`."""
    return f"{AuditAction.STATUS_CHANGED}:{action}"


def dispatch_status_changed(action: str) -> str:
    return f"{AuditAction.DISPATCH_STATUS_CHANGED}:{action}"


# -- error codes -----------------------------------------------------------------------------

NOT_FOUND: Final = "WORK_ORDER_NOT_FOUND"
NUMBER_TAKEN: Final = "WORK_ORDER_NUMBER_TAKEN"
INVALID_TRANSITION: Final = "WORK_ORDER_INVALID_TRANSITION"
READ_ONLY: Final = "WORK_ORDER_READ_ONLY"
FIELD_LOCKED: Final = "WORK_ORDER_FIELD_LOCKED"
QUANTITY_BELOW_REPORTED: Final = "WORK_ORDER_QUANTITY_BELOW_REPORTED"
QUANTITY_BELOW_DISPATCHED: Final = "WORK_ORDER_QUANTITY_BELOW_DISPATCHED"
NOT_DELETABLE: Final = "WORK_ORDER_NOT_DELETABLE"
REASON_REQUIRED: Final = "WORK_ORDER_REASON_REQUIRED"
SHORT_CLOSE_REASON_REQUIRED: Final = "WORK_ORDER_SHORT_CLOSE_REASON_REQUIRED"
ACTIVE_DISPATCHES: Final = "WORK_ORDER_HAS_ACTIVE_DISPATCHES"
NOT_RUNNING: Final = "WORK_ORDER_NOT_RUNNING"
INVALID_DATES: Final = "WORK_ORDER_INVALID_DATES"
INVALID_REFERENCE: Final = "WORK_ORDER_INVALID_REFERENCE"
ITEM_REQUIRED: Final = "WORK_ORDER_ITEM_REQUIRED"
OPERATOR_INACTIVE: Final = "OPERATOR_INACTIVE"
INVALID_QUERY: Final = "WORK_ORDER_INVALID_QUERY"
DISPATCH_NOT_FOUND: Final = "DISPATCH_NOT_FOUND"
DISPATCH_INVALID_TRANSITION: Final = "DISPATCH_INVALID_TRANSITION"
DISPATCH_READ_ONLY: Final = "DISPATCH_READ_ONLY"
DISPATCH_FIELD_LOCKED: Final = "DISPATCH_FIELD_LOCKED"
DISPATCH_EXCEEDS_OPEN: Final = "DISPATCH_PLANNED_QTY_EXCEEDS_OPEN"
DISPATCH_BELOW_REPORTED: Final = "DISPATCH_PLANNED_QTY_BELOW_REPORTED"
DISPATCH_NOT_IN_PROGRESS: Final = "DISPATCH_NOT_IN_PROGRESS"
OVERPRODUCTION: Final = "DISPATCH_OVERPRODUCTION"
REPORT_TIME_IN_FUTURE: Final = "PRODUCTION_REPORT_TIME_IN_FUTURE"
IDEMPOTENCY_KEY_REUSED: Final = "IDEMPOTENCY_KEY_REUSED"
IDEMPOTENCY_KEY_REQUIRED: Final = "IDEMPOTENCY_KEY_REQUIRED"
REPORT_NOT_FOUND: Final = "PRODUCTION_REPORT_NOT_FOUND"
REPORT_ALREADY_REVERSED: Final = "REPORT_ALREADY_REVERSED"
REPORT_IS_REVERSAL: Final = "REPORT_IS_REVERSAL"
# A later operation already used the report's pieces.
REPORT_QUANTITY_CONSUMED: Final = "REPORT_QUANTITY_CONSUMED"
OPERATION_NOT_FOUND: Final = "OPERATION_NOT_FOUND"
OPERATION_REQUIRED: Final = "OPERATION_REQUIRED"
OPERATION_NOT_READY: Final = "OPERATION_NOT_READY"
OPERATION_QTY_EXCEEDS_AVAILABLE: Final = "OPERATION_QTY_EXCEEDS_AVAILABLE"
OPERATION_HAS_REPORTS: Final = "OPERATION_HAS_REPORTS"
OPERATION_NOT_SKIPPABLE: Final = "OPERATION_NOT_SKIPPABLE"
OPERATION_SKIPPED: Final = "OPERATION_SKIPPED"

# Codes of error details (each names one problem inside an error).
ALLOWED_ACTIONS: Final = "ALLOWED_ACTIONS"
ACTIVE_DISPATCH: Final = "ACTIVE_DISPATCH"
LOCKED_FIELD: Final = "LOCKED_FIELD"

# Unique indexes (named by the naming convention) -> the code answered with 409.
ORDER_NUMBER_INDEX: Final = "uq_work_order_organization_id_order_number"
IDEMPOTENCY_INDEX: Final = "uq_idempotency_record_organization_id_key"
REVERSAL_INDEX: Final = "uq_production_report_reverses_id"
CONSTRAINT_ERRORS: Final = {
    ORDER_NUMBER_INDEX: NUMBER_TAKEN,
    IDEMPOTENCY_INDEX: IDEMPOTENCY_KEY_REUSED,
    REVERSAL_INDEX: REPORT_ALREADY_REVERSED,
}
