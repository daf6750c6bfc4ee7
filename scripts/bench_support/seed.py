"""Write the seed: the organisation and its accounts through the user service, everything
else with COPY, then VACUUM (ANALYZE) so the planner and the visibility map see what a
table autovacuum has already been through looks like.

Orders get operations only when the schema has them, so the same harness still seeds an
older checkout (see "Comparing two versions" in docs/performance.md).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text

from bench_support.database import engine_for
from bench_support.seed_data import build_seed
from bench_support.seed_rows import (
    CUSTOMER_COLUMNS,
    OPERATION_COLUMNS,
    ORDER_COLUMNS,
    REPORT_COLUMNS,
    WORK_CENTER_COLUMNS,
    Identity,
    SeedData,
)
from shopfloor.core.database import create_session_factory
from shopfloor.user import service as user_service
from shopfloor.user.constants import Role
from shopfloor.user.schemas import UserCreate

SEEDED_TABLES = (
    "organization",
    "user_account",
    "work_center",
    "customer",
    "work_order",
    "dispatch",
    "production_report",
)
OPERATIONS_TABLE = "work_order_operation"
_HAS_TABLE = text("SELECT to_regclass(CAST(:table AS text)) IS NOT NULL")


@dataclass(frozen=True, slots=True)
class Login:
    email: str
    password: str


@dataclass(frozen=True, slots=True)
class Seeded:
    identity: Identity
    supervisor: Login
    operator: Login
    data: SeedData
    seconds: float


async def _identity(url: str, run_id: str, password: str) -> Identity:
    engine = engine_for(url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            created = await user_service.create_organization_with_admin(
                db_session=session,
                organization_name=f"Benchmark plant {run_id}",
                organization_slug=f"bench-{run_id}",
                email=f"admin-{run_id}@bench.example",
                password=password,
                full_name="Benchmark Admin",
            )
            organization_id = created.organization.id
            accounts = {}
            for role in (Role.SUPERVISOR, Role.OPERATOR):
                account = await user_service.create_user(
                    db_session=session,
                    organization_id=organization_id,
                    data=UserCreate(
                        email=f"{role.value}-{run_id}@bench.example",
                        full_name=f"Benchmark {role.value.title()}",
                        role=role,
                        password=password,
                    ),
                    actor_id=created.admin.id,
                    actor_role=Role.ADMIN.value,
                )
                accounts[role] = account.id
    finally:
        await engine.dispose()
    return Identity(
        organization_id=organization_id,
        admin_id=created.admin.id,
        supervisor_id=accounts[Role.SUPERVISOR],
        operator_id=accounts[Role.OPERATOR],
    )


async def _has_operations(url: str) -> bool:
    engine = engine_for(url)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(_HAS_TABLE, {"table": OPERATIONS_TABLE})
            return bool(found.scalar_one())
    finally:
        await engine.dispose()


async def _copy(url: str, data: SeedData) -> None:
    operations = [(OPERATIONS_TABLE, OPERATION_COLUMNS, data.operations)]
    tables = (
        ("work_center", WORK_CENTER_COLUMNS, data.work_centers),
        ("customer", CUSTOMER_COLUMNS, data.customers),
        ("work_order", ORDER_COLUMNS, data.orders),
        *(operations if data.with_operations else []),
        ("dispatch", data.dispatch_columns, data.dispatches),
        ("production_report", REPORT_COLUMNS, data.reports),
    )
    engine = engine_for(url, autocommit=True)
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            async with driver.transaction():
                for table, columns, rows in tables:
                    await driver.copy_records_to_table(table, records=rows, columns=columns)
            for table in (*SEEDED_TABLES, *([OPERATIONS_TABLE] if data.with_operations else [])):
                # Names from the constant above, never from input.
                await connection.execute(text(f"VACUUM (ANALYZE) {table}"))
    finally:
        await engine.dispose()


async def seed(url: str, *, run_id: str, orders: int, connections: int, seconds: int) -> Seeded:
    """Seed `orders` work orders; report lines sized for `seconds` at `connections`."""
    started = time.perf_counter()
    password = secrets.token_urlsafe(18)
    identity = await _identity(url, run_id, password)
    data = build_seed(
        identity,
        orders=orders,
        connections=connections,
        seconds=seconds,
        now=datetime.now(UTC),
        with_operations=await _has_operations(url),
    )
    await _copy(url, data)
    return Seeded(
        identity=identity,
        supervisor=Login(f"{Role.SUPERVISOR.value}-{run_id}@bench.example", password),
        operator=Login(f"{Role.OPERATOR.value}-{run_id}@bench.example", password),
        data=data,
        seconds=time.perf_counter() - started,
    )
