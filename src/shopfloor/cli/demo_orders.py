"""The demo orders' stories, played through the work order service as the API would.

Each order is created by the planner, dispatched to the work centers of its product, and
then worked by the operators and the supervisor until it reaches the status its story ends
in. The same rules as for any client apply: versions are checked, reasons are required,
caps hold, and every step is audited with the person who took it.

This is the one file of the demo that imports the work_order module, so `shopfloor module
remove work_order` names it; `demo.py` calls it only while that module is installed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from shopfloor.cli.demo_plant import (
    ADMIN,
    CANCEL_PENDING_REASON,
    CANCEL_RUNNING_REASON,
    HOLD_REASON,
    PLANNER,
    REOPEN_REASON,
    SCRAP_REASONS,
    SHORT_CLOSE_REASON,
    SUPERVISOR,
    OrderPlan,
    OrdersMade,
    Person,
    Step,
    Story,
    order_plans,
)
from shopfloor.work_order import schemas as orders
from shopfloor.work_order import service as work_orders

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from shopfloor.core.security import Principal

# Stories whose orders run every dispatch to the end before the supervisor completes them.
RUN_TO_THE_END = frozenset({Story.COMPLETED, Story.SHORT, Story.REOPENED})
# Stories that start the first dispatch and stop there.
STARTED = frozenset({Story.RUNNING, Story.PAUSED, Story.HELD, Story.CANCELLED_RUNNING})


@dataclass
class Floor:
    """The plant the stories play in, and what they have made so far."""

    db_session: AsyncSession
    organization_id: uuid.UUID
    actors: dict[str, Principal]
    work_centers: dict[str, uuid.UUID]
    customers: dict[str, uuid.UUID]
    items: dict[str, uuid.UUID]
    # The work_order module's settings (report caps and clock skew), as the server reads them.
    settings: Any
    today: date
    dispatches: int = 0
    reports: int = 0

    def actor(self, person: Person) -> Principal:
        return self.actors[person.key]


@dataclass
class Job:
    """A dispatch as its station works it: its id and the version the next step sends."""

    id: uuid.UUID
    version: int
    step: Step
    planned_qty: int


async def play_every_order(
    db_session: AsyncSession,
    *,
    actors: dict[str, Principal],
    work_centers: dict[str, uuid.UUID],
    customers: dict[str, uuid.UUID],
    items: dict[str, uuid.UUID],
) -> OrdersMade:
    """Every demo order, each taken through its story, in the plan's order."""
    floor = Floor(
        db_session=db_session,
        organization_id=actors[ADMIN.key].organization_id,
        actors=actors,
        work_centers=work_centers,
        customers=customers,
        items=items,
        settings=_work_order_settings(),
        today=datetime.now(UTC).date(),
    )
    statuses = {status.value: 0 for status in orders.WorkOrderStatus}
    for plan in order_plans():
        statuses[await play(floor, plan)] += 1
    return OrdersMade(statuses=statuses, dispatches=floor.dispatches, reports=floor.reports)


def _work_order_settings() -> Any:
    """The work_order module's settings as the server reads them, through the registry
    (outside the module only its service, schemas and exceptions are visible)."""
    from shopfloor.core.config import get_settings
    from shopfloor.core.registry import discover_modules

    settings_class = discover_modules()["work_order"].settings_class
    assert settings_class is not None  # the module declares one
    return settings_class(_env_file=get_settings().env_file)


async def play(floor: Floor, plan: OrderPlan) -> str:
    """Create the order and take it through its story; the status it ended in."""
    order_id = await _create(floor, plan)
    jobs = [] if plan.story is Story.NEW else await _dispatch(floor, order_id, plan)
    if plan.story is Story.CANCELLED_PENDING:
        return await _act(floor, order_id, "cancel", PLANNER, CANCEL_PENDING_REASON)
    if plan.story in STARTED:
        first = jobs[0]
        await _operate(floor, first, "start")
        await _report(floor, first, first.planned_qty * 2 // 5, scrap=plan.priority % 3 == 0)
        if plan.story is Story.PAUSED:
            await _operate(floor, first, "pause")
        if plan.story is Story.HELD:
            return await _act(floor, order_id, "hold", SUPERVISOR, HOLD_REASON)
        if plan.story is Story.CANCELLED_RUNNING:
            return await _act(floor, order_id, "cancel", SUPERVISOR, CANCEL_RUNNING_REASON)
    if plan.story in RUN_TO_THE_END:
        for job in jobs:
            await _run_to_the_end(floor, job, short=plan.story is Story.SHORT)
        short = SHORT_CLOSE_REASON if plan.story is Story.SHORT else None
        status = await _act(floor, order_id, "complete", SUPERVISOR, short)
        if plan.story is Story.REOPENED:
            return await _act(floor, order_id, "reopen", ADMIN, REOPEN_REASON)
        return status
    return await _status(floor, order_id)


async def _create(floor: Floor, plan: OrderPlan) -> uuid.UUID:
    data = orders.WorkOrderCreate.model_validate(
        {
            "order_number": plan.number,
            "customer_id": floor.customers[plan.customer] if plan.customer else None,
            # No product_model: the order takes the item's name.
            "item_id": floor.items[plan.product.item.code],
            "quantity": plan.quantity,
            "priority": plan.priority,
            "due_date": floor.today + timedelta(days=plan.due_in_days),
            "note": plan.note,
        }
    )
    created = await work_orders.create_work_order(
        db_session=floor.db_session,
        organization_id=floor.organization_id,
        data=data,
        actor=floor.actor(PLANNER),
    )
    return created.id


async def _dispatch(floor: Floor, order_id: uuid.UUID, plan: OrderPlan) -> list[Job]:
    """One dispatch per step of the product; the last takes what the shares leave."""
    jobs: list[Job] = []
    left = plan.quantity
    for number, step in enumerate(plan.product.steps, start=1):
        last = number == len(plan.product.steps)
        planned = left if last else plan.quantity * step.share // 100
        left -= planned
        data = orders.DispatchCreate.model_validate(
            {
                "work_center_id": floor.work_centers[step.work_center],
                "operator_id": (
                    floor.actor(step.operator).user_id if step.operator is not None else None
                ),
                "operation": step.operation,
                "planned_qty": planned,
            }
        )
        created = await work_orders.create_dispatch(
            db_session=floor.db_session,
            organization_id=floor.organization_id,
            work_order_id=order_id,
            data=data,
            actor=floor.actor(PLANNER),
        )
        floor.dispatches += 1
        jobs.append(Job(id=created.id, version=created.version, step=step, planned_qty=planned))
    return jobs


async def _run_to_the_end(floor: Floor, job: Job, *, short: bool) -> None:
    """Two shifts' reports, then finish: the whole plan, or about three quarters of it."""
    await _operate(floor, job, "start")
    target = job.planned_qty * 3 // 4 if short else job.planned_qty
    first_shift = target // 2
    await _report(floor, job, first_shift, scrap=False)
    await _report(floor, job, target - first_shift, scrap=floor.reports % 3 == 0)
    await _operate(floor, job, "finish")


async def _operate(floor: Floor, job: Job, action: str) -> None:
    moved = await work_orders.apply_dispatch_action(
        db_session=floor.db_session,
        organization_id=floor.organization_id,
        dispatch_id=job.id,
        action=orders.DispatchAction(action),
        expected_version=job.version,
        actor=floor.actor(job.step.worked_by),
    )
    job.version = moved.version


async def _report(floor: Floor, job: Job, pieces: int, *, scrap: bool) -> None:
    """Report `pieces` made, one or two of them scrapped when `scrap` (with a reason)."""
    scrapped = min(1 + floor.reports % 2, pieces - 1) if scrap else 0
    body: dict[str, Any] = {"good_qty": pieces - scrapped, "scrap_qty": scrapped}
    if scrapped:
        body["scrap_reason"] = SCRAP_REASONS[floor.reports % len(SCRAP_REASONS)]
    result = await work_orders.report_production(
        db_session=floor.db_session,
        organization_id=floor.organization_id,
        dispatch_id=job.id,
        data=orders.ProductionReportCreate.model_validate(body),
        idempotency_key=None,
        settings=floor.settings,
        actor=floor.actor(job.step.worked_by),
    )
    floor.reports += 1
    job.version = result.dispatch.version


async def _act(
    floor: Floor, order_id: uuid.UUID, action: str, person: Person, reason: str | None
) -> str:
    """A lifecycle action on the order's current version; the status it leads to."""
    actor = floor.actor(person)
    current = await work_orders.get_work_order(
        db_session=floor.db_session,
        organization_id=floor.organization_id,
        work_order_id=order_id,
        permissions=actor.permissions,
    )
    moved = await work_orders.apply_work_order_action(
        db_session=floor.db_session,
        organization_id=floor.organization_id,
        work_order_id=order_id,
        action=orders.WorkOrderAction(action),
        reason=reason,
        expected_version=current.version,
        actor=actor,
    )
    return moved.status.value


async def _status(floor: Floor, order_id: uuid.UUID) -> str:
    current = await work_orders.get_work_order(
        db_session=floor.db_session,
        organization_id=floor.organization_id,
        work_order_id=order_id,
        permissions=(),
    )
    return current.status.value
