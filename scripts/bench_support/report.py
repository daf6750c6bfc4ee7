"""Figures per endpoint, the targets, the table on standard output and the JSON record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_support.probes import PhaseUsage
from bench_support.wrk import Target, WrkResult

KIB_PER_MIB = 1024
# Targets on the reference machine (2 cores): see docs/performance.md.
BY_ID_MIN_FRACTION = 0.25
P99_LIMIT_MS = 50.0
P99_ENDPOINTS = ("by_id", "list")


@dataclass(frozen=True, slots=True)
class Measured:
    """One endpoint's measured run. The phase it ran in may hold other endpoints too (the
    mixed phase): `usage` and `phase_wrk_cpu_s` are then the whole phase's, shared."""

    target: Target
    result: WrkResult
    usage: PhaseUsage
    phase: str
    phase_wrk_cpu_s: float

    def figures(self, health_rps: float, nproc: int) -> dict[str, Any]:
        result, usage = self.result, self.usage
        capacity_s = usage.wall_s * nproc
        accounted = usage.workers_cpu_s + usage.postgres_cpu_s + self.phase_wrk_cpu_s
        return {
            "name": self.target.name,
            "endpoint": self.target.label,
            "phase": self.phase,
            "requests": result.requests,
            "duration_s": round(result.duration_s, 2),
            "requests_per_s": round(result.requests_per_s, 1),
            "fraction_of_health": (
                round(result.requests_per_s / health_rps, 3) if health_rps else None
            ),
            "latency_ms": {key: round(value / 1000, 2) for key, value in result.latency_us.items()},
            "statuses": result.statuses,
            "socket_errors": result.socket_errors,
            "non_2xx": result.non_2xx,
            "errors": result.errors,
            "first_error": result.first_error,
            "peak_worker_rss_mib": round(usage.peak_worker_rss_kib / KIB_PER_MIB, 1),
            "peak_rss_mib_by_worker": {
                str(pid): round(kib / KIB_PER_MIB, 1) for pid, kib in usage.peak_rss_kib.items()
            },
            "connections_by_worker": {
                str(pid): count for pid, count in sorted(usage.connections.items())
            },
            "cpu_s_by_worker": {
                str(pid): round(seconds, 1)
                for pid, seconds in sorted(usage.cpu_s_by_worker.items())
            },
            "cpu_s": {
                "capacity": round(capacity_s, 1),
                "machine_busy": round(usage.machine_busy_s, 1),
                "workers": round(usage.workers_cpu_s, 1),
                "postgres": round(usage.postgres_cpu_s, 1),
                "wrk": round(self.phase_wrk_cpu_s, 1),
                "wrk_this_endpoint": round(result.wrk_cpu_s, 1),
                "other": round(max(usage.machine_busy_s - accounted, 0.0), 1),
            },
            "load_average_before": [round(value, 2) for value in usage.load_before],
        }


def targets(endpoints: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    for figures in endpoints.values():
        checks.append(
            {
                "target": f"{figures['endpoint']}: 0 errors",
                "value": figures["errors"],
                "met": figures["errors"] == 0,
            }
        )
    if "by_id" in endpoints:
        fraction = endpoints["by_id"]["fraction_of_health"] or 0.0
        checks.append(
            {
                "target": f"by id at least {BY_ID_MIN_FRACTION:.0%} of /health throughput",
                "value": fraction,
                "met": fraction >= BY_ID_MIN_FRACTION,
            }
        )
    for name in P99_ENDPOINTS:
        if name in endpoints:
            p99 = endpoints[name]["latency_ms"]["p99"]
            checks.append(
                {
                    "target": f"{endpoints[name]['endpoint']}: p99 under {P99_LIMIT_MS:.0f} ms",
                    "value": p99,
                    "met": p99 < P99_LIMIT_MS,
                }
            )
    return checks


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    return "\n".join([line(headers), line(["-" * width for width in widths])] + [
        line(row) for row in rows
    ])  # fmt: skip


def _phases(endpoints: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """One (label, figures) per phase: the endpoints of one phase share its CPU figures."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in endpoints:
        grouped.setdefault(item["phase"], []).append(item)
    return [
        (items[0]["endpoint"] if len(items) == 1 else f"{phase}: {len(items)} endpoints at once",
         items[0])
        for phase, items in grouped.items()
    ]  # fmt: skip


def render(record: dict[str, Any]) -> str:
    endpoints: list[dict[str, Any]] = record["endpoints"]
    results = _table(
        [
            "endpoint",
            "req/s",
            "vs /health",
            "p50 ms",
            "p99 ms",
            "non-2xx",
            "socket errors",
            "peak RSS MiB",
        ],
        [
            [
                item["endpoint"],
                f"{item['requests_per_s']:.0f}",
                f"{item['fraction_of_health']:.1%}" if item["fraction_of_health"] else "-",
                f"{item['latency_ms']['p50']:.2f}",
                f"{item['latency_ms']['p99']:.2f}",
                str(item["non_2xx"]),
                str(sum(item["socket_errors"].values())),
                f"{item['peak_worker_rss_mib']:.1f}",
            ]
            for item in endpoints
        ],
    )
    cpu = _table(
        [
            "phase",
            "CPU s avail",
            "busy",
            "workers",
            "postgres",
            "wrk",
            "other",
            "load before",
            "connections per worker",
        ],
        [
            [
                label,
                f"{item['cpu_s']['capacity']:.1f}",
                f"{item['cpu_s']['machine_busy']:.1f}",
                f"{item['cpu_s']['workers']:.1f}",
                f"{item['cpu_s']['postgres']:.1f}",
                f"{item['cpu_s']['wrk']:.1f}",
                f"{item['cpu_s']['other']:.1f}",
                f"{item['load_average_before'][0]:.2f}",
                "/".join(str(count) for count in item["connections_by_worker"].values()) or "-",
            ]
            for label, item in _phases(endpoints)
        ],
    )
    verdicts = "\n".join(
        f"  [{'met' if check['met'] else 'MISSED'}] {check['target']} (measured {check['value']})"
        for check in record["targets"]
    )
    errors = "\n".join(
        f"  {item['endpoint']}: statuses {item['statuses']}, sockets {item['socket_errors']}, "
        f"first: {item['first_error']}"
        for item in endpoints
        if item["errors"]
    )
    options = record["options"]
    mixed = (
        f" (mixed: {options['mixed_readers']} reading + {options['mixed_writers']} writing)"
        if any(item["phase"] == "mixed" for item in endpoints)
        else ""
    )
    lines = [
        f"Shopfloor benchmark {record['run_id']}: {options['connections']} "
        f"connections{mixed}, {options['duration_s']} s per endpoint, "
        f"{record['seed']['orders']} orders, {record['server']['workers']} workers, "
        f"database: {record['database']['source']}",
        "",
        results,
        "",
        "Where the CPU went (seconds during each measured phase):",
        cpu,
        "",
        f"Peak worker RSS over the run: {record['peak_worker_rss_mib']:.1f} MiB",
        "Targets:",
        verdicts,
    ]
    if errors:
        lines += ["Errors:", errors]
    if record.get("integrity"):
        lines.append(f"Reports check: {record['integrity']}")
    return "\n".join(lines)


def write_record(record: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, default=str) + "\n")
