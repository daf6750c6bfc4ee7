"""The worker's CPU per request without HTTP, wrk or a second process: `scripts/bench-inprocess`.

Seeds the benchmark's data the same way (`bench_support.seed`), builds the production app
(`APP_ENV=prod` settings, the gunicorn workers' garbage-collector set-up), signs in with a
real token and calls the ASGI application directly, a fixed number of requests with a fixed
number in flight. CPU time is `time.process_time()` of this process over the measured
requests, so it is the application's cost alone (plus a few microseconds of the driver
loop). `--profile FILE` writes a cProfile of the measured requests, for `python -m pstats`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import secrets
import sys
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_support.database import choose_database, migrate
from bench_support.seed import Login, Seeded, seed
from bench_support.seed_rows import by_id_sample
from bench_support.server import API

ENDPOINTS = ("health", "by_id", "list", "summary", "report")
GC_THRESHOLD = 10_000


@dataclass
class Answer:
    status: int = 0
    body: bytearray = field(default_factory=bytearray)


Call = Callable[[int], Awaitable[Answer]]


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/bench-inprocess", description=__doc__)
    parser.add_argument("--endpoints", default="health,by_id,list", help=", ".join(ENDPOINTS))
    parser.add_argument("--requests", type=int, default=3000, help="measured per endpoint")
    parser.add_argument("--warmup", type=int, default=300, help="unmeasured, first")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--orders", type=int, default=4000, help="work orders to seed")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the measured runs")
    options = parser.parse_args(argv)
    options.endpoints = [name.strip() for name in options.endpoints.split(",") if name.strip()]
    unknown = sorted(set(options.endpoints) - set(ENDPOINTS))
    if unknown:
        parser.error(f"unknown endpoints: {', '.join(unknown)}")
    return options


class Driver:
    """Calls the application the way an ASGI server would, one scope per request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def call(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        headers: Sequence[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> Answer:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [
                (b"host", b"127.0.0.1"),
                *((name.lower().encode(), value.encode()) for name, value in headers),
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False
        answer = Answer()

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # never disconnects
            raise AssertionError("unreachable")

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer.status = int(message["status"])
            elif message["type"] == "http.response.body":
                answer.body += message.get("body", b"")

        await self.app(scope, receive, send)
        return answer

    async def login(self, account: Login) -> str:
        form = urllib.parse.urlencode({"username": account.email, "password": account.password})
        answer = await self.call(
            "POST",
            f"{API}/auth/token",
            headers=[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Content-Length", str(len(form))),
            ],
            body=form.encode(),
        )
        if not 200 <= answer.status < 300:
            raise RuntimeError(f"sign-in answered {answer.status}: {bytes(answer.body)[:200]!r}")
        return str(json.loads(answer.body)["access_token"])


def calls(driver: Driver, seeded: Seeded, token: str, operator_token: str) -> dict[str, Call]:
    reader = [("Authorization", f"Bearer {token}"), ("Accept", "application/json")]
    reporter = [
        ("Authorization", f"Bearer {operator_token}"),
        ("Accept", "application/json"),
        ("Content-Type", "application/json"),
    ]
    lines = list(seeded.data.report_dispatch_ids)
    one_piece = b'{"good_qty":1}'
    run = secrets.token_hex(4)
    sample = by_id_sample(seeded.data)

    async def health(index: int) -> Answer:
        return await driver.call("GET", "/health", headers=[("Accept", "application/json")])

    async def by_id(index: int) -> Answer:
        path = f"{API}/work-orders/{sample[index % len(sample)]}"
        return await driver.call("GET", path, headers=reader)

    async def page(index: int) -> Answer:
        query = "status=pending&page_size=50"
        return await driver.call("GET", f"{API}/work-orders", query=query, headers=reader)

    async def summary(index: int) -> Answer:
        return await driver.call("GET", f"{API}/work-orders/summary", headers=reader)

    async def report(index: int) -> Answer:
        # The same report lines as scripts/bench, a fresh key each time, as a tablet would.
        path = f"{API}/dispatches/{lines[index % len(lines)]}/reports"
        headers = [
            *reporter,
            ("Content-Length", str(len(one_piece))),
            ("Idempotency-Key", f"inprocess-{run}-{index}"),
        ]
        return await driver.call("POST", path, headers=headers, body=one_piece)

    return {
        "health": health,
        "by_id": by_id,
        "list": page,
        "summary": summary,
        "report": report,
    }


async def measure(
    call: Call, *, requests: int, warmup: int, concurrency: int, profiler: cProfile.Profile | None
) -> tuple[float, float]:
    """(CPU ms per request, requests per wall second) over `requests` calls."""
    first = await call(-1)
    if not 200 <= first.status < 300:
        raise RuntimeError(f"answered {first.status}: {bytes(first.body)[:200]!r}")
    for index in range(warmup):
        await call(index)
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> None:
        async with gate:
            answer = await call(index)
        if not 200 <= answer.status < 300:
            raise RuntimeError(f"answered {answer.status}: {bytes(answer.body)[:200]!r}")

    cpu, wall = time.process_time(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    # Indexes of their own: a report key used in the warm-up would be a replay here.
    await asyncio.gather(*(one(warmup + index) for index in range(requests)))
    if profiler is not None:
        profiler.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / requests * 1000, requests / wall


async def run(options: argparse.Namespace, url: str, seeded: Seeded) -> None:
    from shopfloor.core.config import AppSettings
    from shopfloor.core.registry import discover_modules
    from shopfloor.main import create_app

    settings = AppSettings(
        app_env="prod",  # type: ignore[arg-type]
        database_url=url,
        enabled_modules=list(discover_modules()),
        log_level="WARNING",
        db_pool_size=options.concurrency,
        db_max_overflow=options.concurrency,
    )
    app = create_app(settings, configure_logs=True)
    driver = Driver(app)
    profiler = cProfile.Profile() if options.profile else None
    async with app.router.lifespan_context(app):
        token = await driver.login(seeded.supervisor)
        operator_token = await driver.login(seeded.operator)
        by_name = calls(driver, seeded, token, operator_token)
        # What gunicorn.conf.py's post_worker_init does in every worker.
        gc.collect()
        gc.freeze()
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        sys.stdout.write(f"{'endpoint':10} {'CPU ms/request':>15} {'requests/s':>11}\n")
        for name in options.endpoints:
            cpu_ms, rate = await measure(
                by_name[name],
                requests=options.requests,
                warmup=options.warmup,
                concurrency=options.concurrency,
                profiler=profiler,
            )
            sys.stdout.write(f"{name:10} {cpu_ms:15.3f} {rate:11.0f}\n")
    if profiler is not None:
        profiler.dump_stats(options.profile)
        sys.stdout.write(f"profile: {options.profile} (python -m pstats {options.profile})\n")


def main(argv: Sequence[str] | None = None) -> int:
    options = parse(sys.argv[1:] if argv is None else argv)
    os.environ["APP_ENV"] = "prod"
    os.environ.setdefault("AUTH_JWT_SECRET", secrets.token_hex(32))
    database = choose_database()
    root = Path(__file__).resolve().parents[2] / "bench-results"
    root.mkdir(exist_ok=True)
    sys.stderr.write(f"==> database: {database.source}, {database.name}; migrating, seeding\n")
    migrate(database.url, dict(os.environ), root / "inprocess-migrate.log")
    seeded = asyncio.run(
        seed(
            database.url,
            run_id=secrets.token_hex(2),
            orders=options.orders,
            connections=options.concurrency,
            seconds=1,
        )
    )
    try:
        import uvloop
    except ImportError:
        asyncio.run(run(options, database.url, seeded))
    else:
        uvloop.run(run(options, database.url, seeded))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
