"""The benchmark from start to end: database, seed, gunicorn, the wrk phases, record.

Exit status: 0 when every target was met, 2 when the run completed but missed a target,
1 when the run itself failed.
"""

from __future__ import annotations

import asyncio
import os
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
from bench_support.server import Server, free_port, server_config
from bench_support.targets import (
    Load,
    Phase,
    build_phases,
    build_targets,
    check_once,
    open_connections,
    write_connections,
)
from bench_support.wrk import RunningWrk, WrkResult, start_wrk, write_script

ROOT = Path(__file__).resolve().parents[2]
SETTLE_S = 1.0


def say(message: str) -> None:
    sys.stderr.write(f"==> {message}\n")
    sys.stderr.flush()


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
        # Every run that posted reports: its name, its connections and what wrk counted.
        self.write_runs: list[tuple[str, int, WrkResult]] = []

    def start(self, server: Server, load: Load, seconds: int, stage: str) -> RunningWrk:
        name = load.target.name
        script = write_script(
            load.target,
            self.run_dir / f"{name}-{stage}.lua",
            threads=load.threads,
            key_prefix=f"{self.run_id}-load-{name}-{stage}",
        )
        return start_wrk(
            self.wrk,
            script,
            server.base_url,
            threads=load.threads,
            connections=load.connections,
            duration_s=seconds,
            timeout_s=self.options.timeout_s,
            output=self.run_dir / f"{name}-{stage}.txt",
        )

    def load(self, server: Server, phase: Phase, seconds: int, stage: str) -> list[WrkResult]:
        """Every wrk process of `phase` at once, for `seconds`."""
        running = [self.start(server, load, seconds, stage) for load in phase.loads]
        results: list[WrkResult] = []
        failure: RuntimeError | None = None
        for process in running:
            # Wait for every process, even after one failed, so none is left running.
            try:
                results.append(process.finish())
            except RuntimeError as exc:
                failure = failure or exc
        if failure is not None:
            raise failure
        for load, result in zip(phase.loads, results, strict=True):
            if load.target.idempotency_keys:
                self.write_runs.append((f"{load.target.name} {stage}", load.connections, result))
        return results

    def measure(self, server: Server, database: str, phase: Phase) -> list[Measured]:
        options = self.options
        label = " and ".join(load.target.label for load in phase.loads)
        if options.warmup_s:
            say(f"warming up {label} for {options.warmup_s} s")
            self.load(server, phase, options.warmup_s, "warmup")
            time.sleep(SETTLE_S)
        say(f"measuring {label} for {options.duration_s} s")
        monitor = PhaseMonitor(server.pid, database)
        monitor.start()
        started = time.monotonic()
        results = self.load(server, phase, options.duration_s, "measured")
        usage = monitor.stop(time.monotonic() - started)
        time.sleep(SETTLE_S)
        phase_wrk_cpu_s = sum(result.wrk_cpu_s for result in results)
        return [
            Measured(load.target, result, usage, phase=phase.name, phase_wrk_cpu_s=phase_wrk_cpu_s)
            for load, result in zip(phase.loads, results, strict=True)
        ]

    def check_reports(self, url: str, seeded: Seeded, pieces_before: int) -> dict[str, Any]:
        """The database against every report run's 201 answers, warm-ups included."""
        check = asyncio.run(
            check_reports(
                url,
                seeded.identity.organization_id,
                key_prefix=f"{self.run_id}-load-",
                lines=seeded.data.report_dispatch_ids,
                pieces_before=pieces_before,
                created=sum(result.statuses.get("201", 0) for _, _, result in self.write_runs),
                in_flight_allowance=sum(connections for _, connections, _ in self.write_runs),
                with_operations=seeded.data.with_operations,
            )
        )
        return {"runs": [run for run, _, _ in self.write_runs], **check}

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
            connections=open_connections(options),
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
                connections=write_connections(options),
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
            phases = build_phases(options, all_targets)
            for phase in phases:
                for load in phase.loads:
                    check_once(server, load.target, key=f"{self.run_id}-check-{load.target.name}")
            lines = seeded.data.report_dispatch_ids
            organization = seeded.identity.organization_id
            pieces_before = asyncio.run(line_pieces(database.url, organization, lines))
            for phase in phases:
                measured.extend(self.measure(server, database.name, phase))
            if self.write_runs:
                integrity = self.check_reports(database.url, seeded, pieces_before)
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
                "mixed_readers": options.mixed_readers,
                "mixed_writers": options.mixed_writers,
            },
            "machine": machine,
            "versions": versions(wrk=self.wrk, postgres=postgres),
            "database": database,
            "server": server,
            "seed": {
                "orders": len(data.orders),
                "status_counts": data.status_counts,
                "orders_with_operations": len(data.operation_order_ids),
                "operations": len(data.operations),
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
