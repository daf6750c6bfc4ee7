"""The details the work_order module's errors carry, as OpenAPI documents them.

Each error class names its model (`detail_model` in `exceptions.py`); the dicts the service
raises with have exactly these fields, and `message` is added when the answer is rendered.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shopfloor.core.envelope import ErrorDetail, FieldErrorDetail


class AllowedActionsDetail(ErrorDetail):
    """409: the action is not possible from the current status; what is."""

    code: Literal["ALLOWED_ACTIONS"]
    current_status: str = Field(description="The status of the order or dispatch now.")
    action: str = Field(description="The action that was refused.")
    allowed_actions: list[str] = Field(description="The actions the caller may take now.")


class ActiveDispatchDetail(ErrorDetail):
    """409: one dispatch that must be paused, finished or cancelled first."""

    code: Literal["ACTIVE_DISPATCH"]
    dispatch_id: str = Field(description="The dispatch's id.")
    status: str = Field(description="The dispatch's status.")


class LockedFieldDetail(FieldErrorDetail):
    """409: a field that can no longer change in the current status."""

    code: Literal["LOCKED_FIELD"]


class OverproductionDetail(ErrorDetail):
    """409: the report would take the dispatch or the order past its limit."""

    code: Literal["DISPATCH_OVERPRODUCTION"]
    scope: Literal["dispatch", "work_order"] = Field(description="Which limit was passed.")
    total: int = Field(description="Pieces reported with this report included.")
    limit: int = Field(description="The most pieces allowed (with the allowance).")
    remaining: int = Field(description="Pieces this report may still add.")


class PlannedQtyDetail(FieldErrorDetail):
    """422: the planned quantity exceeds what is still open on the order."""

    code: Literal["DISPATCH_PLANNED_QTY_EXCEEDS_OPEN"]
    planned_qty: int
    open_qty: int = Field(description="The most a dispatch may plan now.")


class ReasonRequiredDetail(FieldErrorDetail):
    """422: the action needs a `reason`."""

    code: Literal["WORK_ORDER_REASON_REQUIRED"]
    action: str


class ShortCloseDetail(FieldErrorDetail):
    """422: completing short of the quantity needs a `reason`."""

    code: Literal["WORK_ORDER_SHORT_CLOSE_REASON_REQUIRED"]
    reported: int = Field(description="Good and scrapped pieces reported.")
    quantity: int = Field(description="The order's quantity.")


class ReversalDetail(ErrorDetail):
    """409: the report was reversed already; the reversal that did it."""

    code: Literal["REPORT_ALREADY_REVERSED"]
    reversal_id: str = Field(description="The id of the compensating report.")


class InvalidReferenceDetail(FieldErrorDetail):
    """422: an id in the body names nothing usable; `code` says why."""

    code: Literal[
        "CUSTOMER_NOT_FOUND",
        "ITEM_NOT_FOUND",
        "ROUTING_NOT_FOUND",
        "WORK_CENTER_NOT_FOUND",
        "USER_NOT_FOUND",
        "OPERATOR_INACTIVE",
        "OPERATION_NOT_FOUND",
    ]
    value: str = Field(description="The id that was sent.")


class OperationNotReadyDetail(ErrorDetail):
    """409: nothing is available to the operation beyond what it has reported."""

    code: Literal["OPERATION_NOT_READY"]
    operation_id: str = Field(description="The dispatch's operation.")
    available_qty: int = Field(
        description="Pieces the previous operations made good for it (the order quantity "
        "for the first operations)."
    )


class OperationQtyDetail(ErrorDetail):
    """409: the report would take the operation past what is available to it."""

    code: Literal["OPERATION_QTY_EXCEEDS_AVAILABLE"]
    operation_id: str = Field(description="The dispatch's operation.")
    available_qty: int = Field(description="Pieces available to the operation.")
    limit: int = Field(description="The most pieces it may report (with the allowance).")
    remaining: int = Field(description="Pieces this report may still add.")


class QuantityConsumedDetail(ErrorDetail):
    """409: a later operation already used pieces the reversal would take back."""

    code: Literal["REPORT_QUANTITY_CONSUMED"]
    operation_id: str = Field(description="The later operation that used them.")
    used_qty: int = Field(description="Good and scrapped pieces it has reported.")
    available_after: int = Field(description="What would be available to it after the reversal.")
