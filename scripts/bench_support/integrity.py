"""After the report runs: every 201 wrote one report, and no piece was lost or counted twice.

The report runs are the report endpoint's and the mixed phase's writers', warm-ups included:
their Idempotency-Keys all start with the run's prefix, and they post to the same lines.

Concurrent reports on one dispatch take the order's and the dispatch's row locks; a lost
update would show here as sums that disagree with the reports.

The sums are checked the way the service keeps them: an order without operations holds the
sums over its dispatches; an order with operations produced what its last operation made
good (the smallest good of its last seq) and scrapped the sum over its operations, each
operation holds the sums over its dispatches, and no operation worked more pieces than the
operation before made good (the first, than the order's quantity). Without the operations
table (an older checkout) only the first rule is checked.

wrk stops its clock with requests still in flight: the server finishes and commits them, but
wrk never counts their answers. So the database may hold up to one report per connection per
run more than the 201s wrk saw, never fewer.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from bench_support.database import engine_for

_REPORTS = text(
    "SELECT count(*) FROM production_report "
    "WHERE organization_id = :organization AND idempotency_key LIKE :keys"
)
_KEYS = text(
    "SELECT count(*) FROM idempotency_record "
    "WHERE organization_id = :organization AND key LIKE :keys AND report_id IS NOT NULL"
)
_LINE_PIECES = text(
    "SELECT coalesce(sum(good_qty + scrap_qty), 0) FROM dispatch "
    "WHERE organization_id = :organization AND id = ANY(:lines)"
)
_ORDERS_OFF = text(
    "SELECT count(*) FROM work_order AS o "
    "LEFT JOIN (SELECT work_order_id, sum(good_qty) AS good, sum(scrap_qty) AS scrap "
    "           FROM dispatch WHERE organization_id = :organization GROUP BY work_order_id) AS d "
    "  ON d.work_order_id = o.id "
    "WHERE o.organization_id = :organization "
    "  AND (o.produced_qty <> coalesce(d.good, 0) OR o.scrap_qty <> coalesce(d.scrap, 0))"
)
_ORDERS_WITH_OPERATIONS_OFF = text(
    "WITH ops AS ("
    "  SELECT work_order_id, good_qty, scrap_qty, "
    "         seq = max(seq) OVER (PARTITION BY work_order_id) AS last "
    "  FROM work_order_operation WHERE organization_id = :organization"
    "), sums AS ("
    "  SELECT work_order_id, min(good_qty) FILTER (WHERE last) AS good, "
    "         sum(scrap_qty) AS scrap FROM ops GROUP BY work_order_id"
    ") "
    "SELECT count(*) FROM work_order AS o "
    "LEFT JOIN (SELECT work_order_id, sum(good_qty) AS good, sum(scrap_qty) AS scrap "
    "           FROM dispatch WHERE organization_id = :organization GROUP BY work_order_id) AS d "
    "  ON d.work_order_id = o.id "
    "LEFT JOIN sums AS p ON p.work_order_id = o.id "
    "WHERE o.organization_id = :organization AND ("
    "  CASE WHEN p.work_order_id IS NULL "
    "       THEN o.produced_qty <> coalesce(d.good, 0) OR o.scrap_qty <> coalesce(d.scrap, 0) "
    "       ELSE o.produced_qty <> p.good OR o.scrap_qty <> p.scrap END)"
)
_OPERATIONS_OFF = text(
    "WITH ops AS ("
    "  SELECT op.id, op.work_order_id, op.seq, op.good_qty, op.scrap_qty, o.quantity "
    "  FROM work_order_operation AS op JOIN work_order AS o ON o.id = op.work_order_id "
    "  WHERE op.organization_id = :organization"
    "), steps AS ("
    "  SELECT work_order_id, seq, min(good_qty) AS good FROM ops GROUP BY work_order_id, seq"
    "), available AS ("
    "  SELECT work_order_id, seq, "
    "         lag(good) OVER (PARTITION BY work_order_id ORDER BY seq) AS before FROM steps"
    ") "
    "SELECT count(*) FROM ops "
    "JOIN available AS a ON a.work_order_id = ops.work_order_id AND a.seq = ops.seq "
    "LEFT JOIN (SELECT operation_id, sum(good_qty) AS good, sum(scrap_qty) AS scrap "
    "           FROM dispatch WHERE organization_id = :organization "
    "           AND operation_id IS NOT NULL GROUP BY operation_id) AS d "
    "  ON d.operation_id = ops.id "
    "WHERE ops.good_qty <> coalesce(d.good, 0) OR ops.scrap_qty <> coalesce(d.scrap, 0) "
    "   OR ops.good_qty + ops.scrap_qty > coalesce(a.before, ops.quantity)"
)
_DISPATCHES_OFF = text(
    "SELECT count(*) FROM dispatch AS d "
    "LEFT JOIN (SELECT dispatch_id, sum(good_qty) AS good, sum(scrap_qty) AS scrap "
    "           FROM production_report WHERE organization_id = :organization "
    "           GROUP BY dispatch_id) AS r ON r.dispatch_id = d.id "
    "WHERE d.organization_id = :organization "
    "  AND (d.good_qty <> coalesce(r.good, 0) OR d.scrap_qty <> coalesce(r.scrap, 0))"
)


async def line_pieces(url: str, organization_id: uuid.UUID, lines: list[uuid.UUID]) -> int:
    engine = engine_for(url)
    try:
        async with engine.connect() as connection:
            parameters = {"organization": organization_id, "lines": lines}
            return int((await connection.execute(_LINE_PIECES, parameters)).scalar_one())
    finally:
        await engine.dispose()


async def check_reports(
    url: str,
    organization_id: uuid.UUID,
    *,
    key_prefix: str,
    lines: list[uuid.UUID],
    pieces_before: int,
    created: int,
    in_flight_allowance: int,
    with_operations: bool,
) -> dict[str, Any]:
    """Compare what the database holds with the `created` 201 answers wrk counted."""
    engine = engine_for(url)
    keys = f"{key_prefix}%"
    try:
        async with engine.connect() as connection:
            scope = {"organization": organization_id}

            async def count(statement: Any, **extra: Any) -> int:
                return int((await connection.execute(statement, scope | extra)).scalar_one())

            reports = await count(_REPORTS, keys=keys)
            stored_keys = await count(_KEYS, keys=keys)
            pieces = await count(_LINE_PIECES, lines=lines) - pieces_before
            orders_off = await count(
                _ORDERS_WITH_OPERATIONS_OFF if with_operations else _ORDERS_OFF
            )
            operations_off = await count(_OPERATIONS_OFF) if with_operations else 0
            dispatches_off = await count(_DISPATCHES_OFF)
    finally:
        await engine.dispose()
    unanswered = reports - created
    consistent = (
        reports == stored_keys == pieces
        and 0 <= unanswered <= in_flight_allowance
        and orders_off == 0
        and operations_off == 0
        and dispatches_off == 0
    )
    return {
        "created_answers": created,
        "finished_after_wrk_stopped": unanswered,
        "in_flight_allowance": in_flight_allowance,
        "reports_written": reports,
        "idempotency_keys_stored": stored_keys,
        "pieces_added": pieces,
        "orders_not_matching_dispatches": orders_off,
        "operations_not_matching_dispatches": operations_off,
        "dispatches_not_matching_reports": dispatches_off,
        "consistent": consistent,
    }
