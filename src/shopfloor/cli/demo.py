"""`shopfloor serve --seed-demo`: a demo plant with real data on an empty database.

On a database without organisations it creates the plant of `demo_plant.py` (people,
customers, work centers, items, a released default routing and a few dozen work orders in
every status, with dispatches and production reports) in one transaction, through the same
services the API calls, so every row is checked and audited like one a client made. All demo
accounts share one password: `DEMO_PASSWORD`, or a generated one printed once. A database
that already has an organisation is left alone. Never in prod.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import typer

from shopfloor.cli.demo_plant import (
    ADMIN,
    CUSTOMERS,
    DEMO_ORGANIZATION,
    DEMO_SLUG,
    EMAIL_DOMAIN,
    ITEMS,
    PEOPLE,
    PLANNER,
    ROUTINGS,
    WORK_CENTERS,
    ItemRouting,
    OrdersMade,
    Person,
)
from shopfloor.cli.errors import fail

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    from pydantic import BaseModel
    from sqlalchemy.ext.asyncio import AsyncSession

    from shopfloor.core.master_data.service import MasterData
    from shopfloor.core.security import Principal

DEMO_PASSWORD_ENV = "DEMO_PASSWORD"  # noqa: S105 (a variable's name, not a password)
# Two servers started at once on one empty database seed it once: the second waits for
# this transaction-scoped lock, then finds the organisation the first one made.
SEED_LOCK_KEY = 0x53484F50_44454D4F
PROD_REFUSAL = "--seed-demo creates demo accounts with a known password; it is refused in prod"
ORDERS_MODULE = "work_order"
ROUTING_MODULE = "routing"
SET_PASSWORD = "shopfloor user set-password --email"  # noqa: S105 (a command)


@dataclass(frozen=True, slots=True)
class DemoPlant:
    """What one seed created."""

    organization: str
    people: tuple[Person, ...]
    customers: int
    work_centers: int
    items: int
    routings: tuple[ItemRouting, ...]
    orders_by_status: dict[str, int]
    dispatches: int
    reports: int

    @property
    def orders(self) -> int:
        return sum(self.orders_by_status.values())


@dataclass(frozen=True, slots=True)
class NothingSeeded:
    """The database had an organisation; `demo_accounts` when the demo plant's are there."""

    demo_accounts: bool


def seed_demo_plant(url: str) -> None:
    """Seed the demo plant on the database at `url` (if it is empty) and say what happened."""
    from shopfloor.cli.sessions import describe_app_error, run_in_transaction
    from shopfloor.core.config import get_settings
    from shopfloor.core.errors import AppError

    if get_settings().is_prod:
        fail(PROD_REFUSAL)
    chosen = os.environ.get(DEMO_PASSWORD_ENV)
    password = chosen if chosen is not None else secrets.token_urlsafe(12)
    check_password(password)
    try:
        outcome = run_in_transaction(url, partial(seed_demo, password=password))
    except AppError as exc:
        fail(f"seeding the demo plant failed: {describe_app_error(exc)}")
    except Exception as exc:
        from shopfloor.cli.errors import explain

        fail(f"seeding the demo plant failed: {explain(exc)}")
    if isinstance(outcome, NothingSeeded):
        print_nothing_seeded(outcome)
    else:
        print_created(outcome, password=None if chosen is not None else password)


def check_password(password: str) -> None:
    """Refuse a DEMO_PASSWORD the accounts would refuse, before anything is written."""
    from pydantic import ValidationError

    from shopfloor.user import schemas as user_schemas

    try:
        user_schemas.UserCreate.model_validate(
            {
                "email": ADMIN.email,
                "full_name": ADMIN.full_name,
                "role": ADMIN.role,
                "password": password,
            }
        )
    except ValidationError as exc:
        # The rule only: the value itself is a secret.
        fail(f"{DEMO_PASSWORD_ENV} cannot be used: {exc.errors()[0]['msg']}")


async def seed_demo(db_session: AsyncSession, *, password: str) -> DemoPlant | NothingSeeded:
    """Create the demo plant unless the database already has an organisation."""
    from sqlalchemy import text

    from shopfloor.core.registry import discover_modules
    from shopfloor.user import service as user_service

    await db_session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEED_LOCK_KEY})
    # The table name is fixed by the user module's first migration; reading one row of it
    # is all the CLI needs, so it does not reach into the module's models.
    has_organization = await db_session.scalar(text("SELECT EXISTS (SELECT 1 FROM organization)"))
    if has_organization:
        known = await user_service.find_user_by_email(db_session=db_session, email=ADMIN.email)
        return NothingSeeded(demo_accounts=known is not None)
    actors = await _create_people(db_session, password=password)
    work_centers = await _create_work_centers(db_session, actors[ADMIN.key])
    customers = await _create_customers(db_session, actors[PLANNER.key])
    items = await _create_items(db_session, actors[PLANNER.key])
    orders = OrdersMade(statuses={}, dispatches=0, reports=0)
    # Only demo_orders.py calls the work_order module, so that module can still be removed
    # (`shopfloor module remove` names that file); without it the plant has no orders.
    if ORDERS_MODULE in discover_modules():
        from shopfloor.cli.demo_orders import play_every_order

        orders = await play_every_order(
            db_session, actors=actors, work_centers=work_centers, customers=customers, items=items
        )
    # After the orders, so the demo orders keep the stories they were written with (made
    # without operations); an order made from now on copies the routing's operations. Only
    # demo_routings.py calls the routing module, for the same reason as above.
    routings: tuple[ItemRouting, ...] = ()
    if ROUTING_MODULE in discover_modules():
        from shopfloor.cli.demo_routings import release_default_routings

        routings = ROUTINGS
        await release_default_routings(
            db_session, actors[PLANNER.key], routings, items=items, work_centers=work_centers
        )
    return DemoPlant(
        organization=DEMO_ORGANIZATION,
        people=PEOPLE,
        customers=len(customers),
        work_centers=len(work_centers),
        items=len(items),
        routings=routings,
        orders_by_status=orders.statuses,
        dispatches=orders.dispatches,
        reports=orders.reports,
    )


async def _create_people(db_session: AsyncSession, *, password: str) -> dict[str, Principal]:
    from shopfloor.core.security import Principal
    from shopfloor.user import schemas as user_schemas
    from shopfloor.user import service as user_service

    created = await user_service.create_organization_with_admin(
        db_session=db_session,
        organization_name=DEMO_ORGANIZATION,
        organization_slug=DEMO_SLUG,
        email=ADMIN.email,
        password=password,
        full_name=ADMIN.full_name,
    )
    organization_id, admin_id = created.organization.id, created.admin.id
    ids = {ADMIN.key: admin_id}
    for person in PEOPLE[1:]:
        account = await user_service.create_user(
            db_session=db_session,
            organization_id=organization_id,
            data=user_schemas.UserCreate.model_validate(
                {
                    "email": person.email,
                    "full_name": person.full_name,
                    "role": person.role,
                    "password": password,
                }
            ),
            actor_id=admin_id,
            actor_role=ADMIN.role,
        )
        ids[person.key] = account.id
    return {
        person.key: Principal(
            user_id=ids[person.key],
            organization_id=organization_id,
            role=person.role,
            permissions=user_service.permissions_for_role(person.role),
        )
        for person in PEOPLE
    }


async def _create_work_centers(db_session: AsyncSession, admin: Principal) -> dict[str, uuid.UUID]:
    from shopfloor.work_center import schemas as work_center_schemas
    from shopfloor.work_center import service as work_center_service

    rows = [
        (
            work_center_schemas.WorkCenterCreate.model_validate(
                {
                    "code": station.code,
                    "name": station.name,
                    "description": station.description,
                    "state": station.state,
                }
            ),
            station.active,
        )
        for station in WORK_CENTERS
    ]
    return await _create_master_data(db_session, work_center_service.work_centers, admin, rows)


async def _create_customers(db_session: AsyncSession, planner: Principal) -> dict[str, uuid.UUID]:
    from shopfloor.customer import schemas as customer_schemas
    from shopfloor.customer import service as customer_service

    rows = [
        (
            customer_schemas.CustomerCreate.model_validate(
                {
                    "code": customer.code,
                    "name": customer.name,
                    "contact_name": customer.contact_name,
                    "contact_email": customer.contact_email,
                }
            ),
            True,
        )
        for customer in CUSTOMERS
    ]
    return await _create_master_data(db_session, customer_service.customers, planner, rows)


async def _create_items(db_session: AsyncSession, planner: Principal) -> dict[str, uuid.UUID]:
    from shopfloor.item import schemas as item_schemas
    from shopfloor.item import service as item_service

    rows = [
        (
            item_schemas.ItemCreate.model_validate(
                {
                    "code": item.code,
                    "name": item.name,
                    "description": item.description,
                    "tracking": item.tracking,
                    "ideal_cycle_s": item.ideal_cycle_s,
                }
            ),
            item.active,
        )
        for item in ITEMS
    ]
    return await _create_master_data(db_session, item_service.items, planner, rows)


async def _create_master_data(
    db_session: AsyncSession,
    resource: MasterData[Any, Any],
    principal: Principal,
    rows: Sequence[tuple[BaseModel, bool]],
) -> dict[str, uuid.UUID]:
    """Create each row as `principal`, deactivate those marked inactive; the ids by code."""
    from shopfloor.core.master_data.service import Actor

    actor = Actor(id=principal.user_id, role=principal.role)
    ids: dict[str, uuid.UUID] = {}
    for data, active in rows:
        created = await resource.create(
            db_session=db_session,
            organization_id=principal.organization_id,
            data=data,
            actor=actor,
        )
        if not active:
            await resource.set_active(
                db_session=db_session,
                organization_id=principal.organization_id,
                id=created.id,
                active=False,
                expected_version=created.version,
                actor=actor,
            )
        ids[created.code] = created.id
    return ids


def print_created(plant: DemoPlant, *, password: str | None) -> None:
    """The plant and its logins; `password` None when DEMO_PASSWORD chose it."""
    counts = ", ".join(f"{status} {count}" for status, count in plant.orders_by_status.items())
    orders = (
        f"{plant.orders} work orders ({counts}), {plant.dispatches} dispatches, "
        f"{plant.reports} production reports"
        if plant.orders
        else f"no work orders (the {ORDERS_MODULE} module is not installed)"
    )
    typer.echo(
        f"Demo plant {plant.organization!r} created: {len(plant.people)} people, "
        f"{plant.customers} customers, {plant.work_centers} work centers, {plant.items} items, "
        f"{_routings_made(plant.routings)}, {orders}."
    )
    typer.echo("Sign in (in /docs: Authorize) as any of them, all with the same password:")
    for person in plant.people:
        typer.echo(f"  {person.email:<26} {person.role:<11} {person.full_name}")
    if password is None:
        typer.echo(f"  password: the value of {DEMO_PASSWORD_ENV}")
    else:
        typer.echo(f"  password: {password}")
        typer.echo(f"(shown once; set {DEMO_PASSWORD_ENV} to choose it when the plant is seeded)")
    typer.echo(f"Change one later with `{SET_PASSWORD} {PLANNER.email}`.")


def _routings_made(routings: tuple[ItemRouting, ...]) -> str:
    """`1 default routing (GB-200 STD: 10 turning at LATHE-01, ...)`."""
    if not routings:
        return f"no routings (the {ROUTING_MODULE} module is not installed)"
    each = "; ".join(
        f"{routing.item.code} {routing.code}: "
        + ", ".join(f"{op.seq} {op.name} at {op.work_center}" for op in routing.operations)
        for routing in routings
    )
    return f"{len(routings)} default routing{'' if len(routings) == 1 else 's'} ({each})"


def print_nothing_seeded(outcome: NothingSeeded) -> None:
    typer.echo("Demo data: the database already has an organisation; nothing seeded.")
    if outcome.demo_accounts:
        typer.echo(
            f"The demo accounts ({', '.join(person.key for person in PEOPLE)} "
            f"@{EMAIL_DOMAIN}) keep the password printed when they were made."
        )
        typer.echo(f"To choose a new one: {SET_PASSWORD} {PLANNER.email}")
        typer.echo(
            "For a fresh plant, start on an empty database (the embedded one is .data/postgres: "
            "stop the server and delete that folder)."
        )
    else:
        typer.echo(f"To set an account's password: {SET_PASSWORD} <email>")
