"""HTTP routes of production reports by id, mounted under /api/v1/production-reports.

Reports are made and listed under their dispatch (`router_dispatches.py`); what is done to
one report afterwards is addressed by the report's own id.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.headers import ETAG, IDEMPOTENT_REPLAYED, answer_headers
from shopfloor.work_order import service
from shopfloor.work_order.dependencies import IdempotencyKey, NewReversal, ReportId, Reverser
from shopfloor.work_order.exceptions import (
    IdempotencyKeyRequiredError,
    IdempotencyKeyReusedError,
    ProductionReportNotFoundError,
    ReportAlreadyReversedError,
    ReportIsReversalError,
    ReportQuantityConsumedError,
    WorkOrderReadOnlyError,
)
from shopfloor.work_order.router_dispatches import report_answer
from shopfloor.work_order.schemas import ReportOutcome
from shopfloor.work_order.schemas import examples as ex

router = APIRouter()


@router.post(
    "/{report_id}/reverse",
    status_code=status.HTTP_201_CREATED,
    response_model=Envelope[ReportOutcome],
    responses=answer_headers(
        201, ETAG, IDEMPOTENT_REPLAYED, examples=ex.examples(reversed=ex.REVERSED)
    )
    | error_responses(
        PermissionDeniedError,
        ProductionReportNotFoundError,
        ReportAlreadyReversedError,
        ReportQuantityConsumedError,
        ReportIsReversalError,
        WorkOrderReadOnlyError,
        IdempotencyKeyReusedError,
        IdempotencyKeyRequiredError,
    ),
    summary="Reverse a production report",
)
async def reverse_production_report(
    principal: Reverser,
    report_id: ReportId,
    data: NewReversal,
    key: IdempotencyKey,
    db_session: DbSession,
    context: CurrentRequestContext,
    response: Response,
) -> Envelope[ReportOutcome]:
    """Take a report back: a new report with its quantities negated (`reverses_id` names the
    original) comes off the dispatch's and the order's sums. `reason` is required.

    A report is reversed once (409 `REPORT_ALREADY_REVERSED`), a reversal never (409
    `REPORT_IS_REVERSAL`), and nothing on a completed or cancelled order (409
    `WORK_ORDER_READ_ONLY`). `Idempotency-Key` works as on reports: a retry with the same
    key and body returns the first result (`Idempotent-Replayed: true`). The ETag is the
    dispatch's version after the reversal.
    """
    result = await service.reverse_report(
        db_session=db_session,
        organization_id=principal.organization_id,
        report_id=report_id,
        data=data,
        idempotency_key=key,
        actor=principal,
        context=context,
    )
    return report_answer(result, response)
