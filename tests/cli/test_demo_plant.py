"""`serve --seed-demo`: the demo plant, its logins, a second run, and prod.

The plant is seeded once per module on a fresh database, as `scripts/dev` does it; the tests
read it back through the services and with plain SQL.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.cli.demo import DEMO_PASSWORD_ENV, PROD_REFUSAL, seed_demo_plant
from shopfloor.cli.demo_plant import PEOPLE, PLANNER
from shopfloor.cli.sessions import run_in_transaction
from shopfloor.core.config import get_settings
from shopfloor.user import service as user_service
from tests.cli.conftest import Cli
from tests.support import migrations
from tests.support.database import temporary_database

DEMO_PASSWORD = "demo-plant-test-password"
# A closed port: a command that tried to reach this database would fail differently.
UNREACHABLE_DATABASE = "postgresql://shop@127.0.0.1:9/shop"
PROD_ENV = {
    "APP_ENV": "prod",
    "DATABASE_URL": "postgresql://shop@db.plant.example/shop",
    "DOCS_ENABLED": "false",
}
EXPECTED_ORDERS = {"pending": 8, "in_progress": 8, "on_hold": 3, "completed": 9, "cancelled": 4}
DISPATCH_STATUSES = {"queued", "in_progress", "paused", "done", "cancelled"}


@dataclass(frozen=True)
class Seeded:
    url: str
    printed: str


def seed_and_capture(url: str) -> str:
    output = io.StringIO()
    with redirect_stdout(output):
        seed_demo_plant(url)
    return output.getvalue()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """A fresh database seeded with DEMO_PASSWORD set, as a developer may start it."""
    with (
        temporary_database(Path(tmp_path_factory.mktemp("demo"))) as url,
        pytest.MonkeyPatch.context() as patch,
    ):
        migrations.upgrade(url)
        patch.setenv(DEMO_PASSWORD_ENV, DEMO_PASSWORD)
        get_settings.cache_clear()
        yield Seeded(url=url, printed=seed_and_capture(url))
    get_settings.cache_clear()


def rows(url: str, sql: str) -> dict[str, int]:
    async def read(db_session: AsyncSession) -> dict[str, int]:
        result = await db_session.execute(text(sql))
        return {str(key): int(count) for key, count in result.all()}

    return run_in_transaction(url, read)


def signs_in(url: str, email: str, password: str) -> bool:
    async def check(db_session: AsyncSession) -> bool:
        outcome = await user_service.check_credentials(
            db_session=db_session, email=email, password=password
        )
        return outcome.outcome == "ok"

    return run_in_transaction(url, check)


def test_every_work_order_status_is_there_in_the_counts_printed(seeded: Seeded) -> None:
    statuses = rows(
        seeded.url,
        "SELECT status, count(*) FROM work_order WHERE deleted_at IS NULL GROUP BY status",
    )

    assert statuses == EXPECTED_ORDERS
    counts = ", ".join(f"{status} {count}" for status, count in EXPECTED_ORDERS.items())
    assert f"32 work orders ({counts})" in seeded.printed


def test_the_plant_has_its_people_customers_work_centers_items_dispatches_and_reports(
    seeded: Seeded,
) -> None:
    tables = rows(
        seeded.url,
        "SELECT 'user_account', count(*) FROM user_account "
        "UNION ALL SELECT 'customer', count(*) FROM customer "
        "UNION ALL SELECT 'work_center', count(*) FROM work_center "
        "UNION ALL SELECT 'item', count(*) FROM item "
        "UNION ALL SELECT 'dispatch', count(*) FROM dispatch "
        "UNION ALL SELECT 'production_report', count(*) FROM production_report",
    )
    assert tables == {
        "user_account": 6,
        "customer": 3,
        "work_center": 7,
        "item": 6,
        "dispatch": 46,
        "production_report": 42,
    }
    assert "6 people, 3 customers, 7 work centers, 6 items, 1 default routing" in seeded.printed
    assert "), 32 work orders" in seeded.printed
    assert "46 dispatches, 42 production reports." in seeded.printed
    dispatches = rows(seeded.url, "SELECT status, count(*) FROM dispatch GROUP BY status")
    assert set(dispatches) == DISPATCH_STATUSES
    states = rows(seeded.url, "SELECT state || ':' || active, count(*) FROM work_center GROUP BY 1")
    assert states == {"normal:true": 4, "running:true": 1, "blocked:true": 1, "normal:false": 1}


def test_every_order_makes_an_active_item_and_is_named_after_it(seeded: Seeded) -> None:
    orders = rows(
        seeded.url,
        "SELECT i.code || ':' || i.active || ':' || (o.product_model = i.name), count(*) "
        "FROM work_order o JOIN item i ON i.id = o.item_id GROUP BY 1",
    )
    items = rows(seeded.url, "SELECT tracking || ':' || active, count(*) FROM item GROUP BY 1")

    assert sum(orders.values()) == 32
    assert set(orders) == {
        f"{code}:true:true" for code in ("GB-200", "SH-40", "HB-7", "FL-12", "CV-3")
    }
    assert items == {"serial:true": 2, "lot:true": 2, "none:true": 1, "none:false": 1}


def test_the_gearbox_has_a_released_default_routing_of_three_operations(seeded: Seeded) -> None:
    routings = rows(
        seeded.url,
        "SELECT i.code || ':' || r.code || ':' || r.version || ':' || r.status || ':' "
        "|| r.is_default || ':' || (i.default_routing_id = r.id), count(*) "
        "FROM routing r JOIN item i ON i.id = r.item_id GROUP BY 1",
    )
    operations = rows(
        seeded.url,
        "SELECT o.seq || ' ' || o.name || ' ' || w.code, o.run_s_per_unit "
        "FROM routing_operation o JOIN work_center w ON w.id = o.work_center_id",
    )
    defaults = rows(
        seeded.url,
        "SELECT code, count(*) FROM item WHERE default_routing_id IS NOT NULL GROUP BY code",
    )

    assert routings == {"GB-200:STD:1:released:true:true": 1}
    assert operations == {
        "10 turning LATHE-01": 240,
        "20 milling MILL-01": 180,
        "30 inspection ASSY-01": 120,
    }
    assert defaults == {"GB-200": 1}
    # Released after the order stories: the demo orders were made without operations.
    copied = rows(
        seeded.url,
        "SELECT 'orders', count(*) FROM work_order o WHERE o.routing_id IS NOT NULL "
        "OR EXISTS (SELECT 1 FROM work_order_operation p WHERE p.work_order_id = o.id)",
    )
    assert copied == {"orders": 0}
    assert (
        "1 default routing (GB-200 STD: 10 turning at LATHE-01, 20 milling at MILL-01, "
        "30 inspection at ASSY-01)" in seeded.printed
    )


def test_the_routing_was_drafted_and_released_by_the_planner(seeded: Seeded) -> None:
    entries = rows(
        seeded.url,
        "SELECT action || ':' || actor_role, count(*) FROM audit_log "
        "WHERE resource_type = 'routing' GROUP BY 1",
    )
    assert entries == {"created:planner": 1, "released:planner": 1}


def test_the_sums_of_every_order_match_its_reports(seeded: Seeded) -> None:
    mismatched = rows(
        seeded.url,
        "SELECT o.order_number, count(*) FROM work_order o "
        "LEFT JOIN production_report r ON r.work_order_id = o.id "
        "GROUP BY o.id HAVING o.produced_qty <> coalesce(sum(r.good_qty), 0) "
        "OR o.scrap_qty <> coalesce(sum(r.scrap_qty), 0)",
    )
    assert mismatched == {}
    completed_short = rows(
        seeded.url,
        "SELECT status, count(*) FROM work_order WHERE produced_qty + scrap_qty < quantity "
        "AND close_reason IS NOT NULL GROUP BY status",
    )
    assert completed_short == {"completed": 2}


def test_every_step_is_audited_with_the_person_who_took_it(seeded: Seeded) -> None:
    actors = rows(
        seeded.url,
        "SELECT actor_role, count(*) FROM audit_log "
        "WHERE resource_type = 'work_order' GROUP BY actor_role",
    )
    assert set(actors) == {"planner", "operator", "supervisor", "admin"}


def test_every_demo_account_signs_in_with_the_demo_password(seeded: Seeded) -> None:
    for person in PEOPLE:
        assert signs_in(seeded.url, person.email, DEMO_PASSWORD), person.email
        assert person.email in seeded.printed
    assert "password: the value of DEMO_PASSWORD" in seeded.printed
    assert DEMO_PASSWORD not in seeded.printed


def test_a_second_run_seeds_nothing_and_says_how_to_set_a_password(seeded: Seeded) -> None:
    before = rows(seeded.url, "SELECT 'orders', count(*) FROM work_order")

    printed = seed_and_capture(seeded.url)

    assert "the database already has an organisation; nothing seeded" in printed
    assert f"shopfloor user set-password --email {PLANNER.email}" in printed
    assert "created" not in printed
    assert rows(seeded.url, "SELECT 'orders', count(*) FROM work_order") == before


def test_a_generated_password_is_printed_once_and_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_settings: None
) -> None:
    monkeypatch.delenv(DEMO_PASSWORD_ENV, raising=False)
    with temporary_database(tmp_path) as url:
        migrations.upgrade(url)

        first = seed_and_capture(url)
        shown = re.search(r"^  password: (\S+)$", first, re.MULTILINE)
        assert shown is not None, first
        password = shown[1]
        assert len(password) >= 16
        assert "(shown once; set DEMO_PASSWORD to choose it" in first
        assert signs_in(url, PLANNER.email, password)

        second = seed_and_capture(url)
        assert password not in second
        assert "nothing seeded" in second


def test_a_password_the_accounts_would_refuse_stops_before_the_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clean_settings: None
) -> None:
    monkeypatch.setenv(DEMO_PASSWORD_ENV, "x7Q!")

    with pytest.raises(typer.Exit) as stopped:
        seed_demo_plant(UNREACHABLE_DATABASE)

    assert stopped.value.exit_code == 1
    error = capsys.readouterr().err
    assert error.startswith("error: DEMO_PASSWORD cannot be used: "), error
    assert "x7Q!" not in error


def test_the_seed_is_refused_in_prod(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clean_settings: None
) -> None:
    for name, value in PROD_ENV.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(typer.Exit):
        seed_demo_plant(UNREACHABLE_DATABASE)

    assert capsys.readouterr().err.strip() == f"error: {PROD_REFUSAL}"


def test_serve_refuses_to_seed_in_prod_before_anything_runs(cli: Cli) -> None:
    result = cli("serve", "--seed-demo", env=PROD_ENV)

    assert result.exit_code == 1
    assert f"error: {PROD_REFUSAL}" in result.stderr
    assert "Serving on" not in result.stdout
