"""The benchmark from start to end: database, seed, gunicorn, one wrk run per endpoint, record.

Exit status: 0 when every target was met, 2 when the run completed but missed a target,
1 when the run itself failed.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import shutil
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_support.database import choose_database, migrate, server_version
from bench_support.integrity import check_reports, line_pieces
from bench_support.machine import machine_facts, versions
from bench_support.options import BenchOptions, parse_options
from bench_support.probes import PhaseMonitor
from bench_support.report import Measured, render, targets, write_record
from bench_support.seed import Seeded, seed
from bench_support.server import API, Server, free_port, server_config
from bench_support.wrk import Target, WrkResult, run_wrk, write_script

ROOT = Path(__file__).resolve().parents[2]
BY_ID_SAMPLE = 1000
REPORT_BODY = '{"good_qty":1}'
SETTLE_S = 1.0


def say(message: str) -> None:
    sys.stderr.write(f"==> {message}\n")
    sys.stderr.flush()


def build_targets(seeded: Seeded, *, reader: str, operator: str) -> list[Target]:
    read_headers = {"Authorization": f"Bearer {reader}", "Accept": "application/json"}
    order_ids = list(seeded.data.order_ids)
    # A fixed spread over every status, so the reads touch rows all over the table.
    sample = random.Random(len(order_ids)).sample(order_ids, min(BY_ID_SAMPLE, len(order_ids)))  # noqa: S311
    return [
        Target("health", "GET /health", "GET", ["/health"], {"Accept": "application/json"}),
        Target(
            "by_id",
            "GET /work-orders/{id}",
            "GET",
            [f"{API}/work-orders/{order_id}" for order_id in sample],
            read_headers,
        ),
        Target(
            "list",
            "GET /work-orders?status=pending&page_size=50",
            "GET",
            [f"{API}/work-orders?status=pending&page_size=50"],
            read_headers,
        ),
        Target(
            "summary",
            "GET /work-orders/summary",
            "GET",
            [f"{API}/work-orders/summary"],
            read_headers,
        ),
        Target(
            "report",
            "POST /dispatches/{id}/reports",
            "POST",
            [f"{API}/dispatches/{line}/reports" for line in seeded.data.report_dispatch_ids],
            {
                "Authorization": f"Bearer {operator}",
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
            body=REPORT_BODY,
            idempotency_keys=True,
        ),
    ]


def check_once(server: Server, target: Target, key: str) -> None:
    """One request before any load: a wrong token or path fails here, not as 20 s of 4xx."""
    headers = dict(target.headers)
    if target.idempotency_keys:
        headers["Idempotency-Key"] = key
    body = target.body.encode() if target.body is not None else None
    status, payload = server.request(target.method, target.paths[0], body=body, headers=headers)
    if not 200 <= status < 300:
        raise RuntimeError(f"{target.label} answered {status}: {payload}")


class Bench:
    def __init__(self, options: BenchOptions, wrk: str) -> None:
        self.options = options
        self.wrk = wrk
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        self.run_id = f"{stamp}-{secrets.token_hex(2)}".lower()
        output_dir = options.output_dir
        self.output_dir = output_dir if output_dir.is_absolute() else ROOT / output_dir
        self.run_dir = self.output_dir / f"bench-{self.run_id}"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.warmups: dict[str, WrkResult] = {}

    def load(self, server: Server, target: Target, seconds: int, phase: str) -> WrkResult:
        script = write_script(
            target,
            self.run_dir / f"{target.name}-{phase}.lua",
            threads=self.options.threads,
            key_prefix=f"{self.run_id}-load-{phase}",
        )
        return run_wrk(
            self.wrk,
            script,
            server.base_url,
            threads=self.options.threads,
            connections=self.options.connections,
            duration_s=seconds,
            timeout_s=self.options.timeout_s,
            output=self.run_dir / f"{target.name}-{phase}.txt",
        )

    def measure(self, server: Server, database: str, target: Target) -> Measured:
        options = self.options
        if options.warmup_s:
            say(f"warming up {target.label} for {options.warmup_s} s")
            self.warmups[target.name] = self.load(server, target, options.warmup_s, "warmup")
            time.sleep(SETTLE_S)
        say(f"measuring {target.label} for {options.duration_s} s")
        monitor = PhaseMonitor(server.pid, database)
        monitor.start()
        started = time.monotonic()
        result = self.load(server, target, options.duration_s, "measured")
        usage = monitor.stop(time.monotonic() - started)
        time.sleep(SETTLE_S)
        return Measured(target, result, usage)

    def run(self) -> int:
        options = self.options
        started_at = datetime.now(UTC)
        database = choose_database()
        say(f"database: {database.source}, {database.name}")
        base_env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        config = server_config(
            base_env,
            database_url=database.url,
            workers=options.workers,
            connections=options.connections,
            port=free_port(),
        )
        say("migrating (shopfloor db upgrade)")
        migrate(database.url, config.env, self.run_dir / "migrate.log")
        say(f"seeding {options.orders} work orders")
        seeded = asyncio.run(
            seed(
                database.url,
                run_id=self.run_id,
                orders=options.orders,
                connections=options.connections,
                seconds=options.duration_s + options.warmup_s,
            )
        )
        postgres = asyncio.run(server_version(database.url))
        server = Server(ROOT, config, self.run_dir / "gunicorn.log")
        measured: list[Measured] = []
        integrity: dict[str, Any] | None = None
        say(f"starting gunicorn ({options.workers} workers) on {server.base_url}")
        try:
            server.start()
            all_targets = build_targets(
                seeded,
                reader=server.login(seeded.supervisor),
                operator=server.login(seeded.operator),
            )
            chosen = [target for target in all_targets if target.name in options.endpoints]
            for target in chosen:
                check_once(server, target, key=f"{self.run_id}-check")
            lines = seeded.data.report_dispatch_ids
            organization = seeded.identity.organization_id
            pieces_before = asyncio.run(line_pieces(database.url, organization, lines))
            for target in chosen:
                measured.append(self.measure(server, database.name, target))
            if any(target.name == "report" for target in chosen):
                runs = [
                    result
                    for result in (self.warmups.get("report"), measured[-1].result)
                    if result is not None
                ]
                created = sum(result.statuses.get("201", 0) for result in runs)
                integrity = asyncio.run(
                    check_reports(
                        database.url,
                        organization,
                        key_prefix=f"{self.run_id}-load-",
                        lines=lines,
                        pieces_before=pieces_before,
                        created=created,
                        in_flight_allowance=len(runs) * options.connections,
                    )
                )
        finally:
            say("stopping gunicorn (SIGTERM)")
            exit_code = server.stop()
        record = self.record(
            started_at=started_at,
            database={"source": database.source, "name": database.name},
            server={**config.describe(), "exit_code": exit_code},
            seeded=seeded,
            measured=measured,
            integrity=integrity,
            postgres=postgres,
        )
        path = self.output_dir / f"bench-{self.run_id}.json"
        write_record(record, path)
        sys.stdout.write(render(record) + f"\n\nRecord: {path}\nLogs: {self.run_dir}\n")
        met = all(check["met"] for check in record["targets"])
        return 0 if met and (integrity is None or integrity["consistent"]) else 2

    def record(
        self,
        *,
        started_at: datetime,
        database: dict[str, Any],
        server: dict[str, Any],
        seeded: Seeded,
        measured: list[Measured],
        integrity: dict[str, Any] | None,
        postgres: str,
    ) -> dict[str, Any]:
        options = self.options
        machine = machine_facts()
        health_rps = next(
            (item.result.requests_per_s for item in measured if item.target.name == "health"), 0.0
        )
        endpoints = [item.figures(health_rps, machine["nproc"] or 1) for item in measured]
        data = seeded.data
        return {
            "run_id": self.run_id,
            "started_at": started_at.isoformat(),
            "command": os.environ.get("BENCH_COMMAND", "scripts/bench"),
            "options": {
                "duration_s": options.duration_s,
                "warmup_s": options.warmup_s,
                "connections": options.connections,
                "threads": options.threads,
                "orders": options.orders,
                "timeout_s": options.timeout_s,
            },
            "machine": machine,
            "versions": versions(wrk=self.wrk, postgres=postgres),
            "database": database,
            "server": server,
            "seed": {
                "orders": len(data.orders),
                "status_counts": data.status_counts,
                "dispatches": len(data.dispatches),
                "reports": len(data.reports),
                "work_centers": len(data.work_centers),
                "customers": len(data.customers),
                "report_lines": len(data.report_dispatch_ids),
                "report_capacity_per_line": data.report_capacity,
                "seconds": round(seeded.seconds, 2),
            },
            "endpoints": endpoints,
            "peak_worker_rss_mib": max(
                (item["peak_worker_rss_mib"] for item in endpoints), default=0.0
            ),
            "targets": targets({item["name"]: item for item in endpoints}),
            "integrity": integrity,
        }


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(sys.argv[1:] if argv is None else argv)
    wrk = os.environ.get("WRK") or shutil.which("wrk")
    if not wrk:
        say("wrk not found (scripts/bench installs it); set WRK=/path/to/wrk")
        return 1
    try:
        return Bench(options, wrk).run()
    except (RuntimeError, OSError) as exc:
        say(f"benchmark failed: {exc}")
        return 1
