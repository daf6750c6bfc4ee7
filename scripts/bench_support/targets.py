"""What each phase of the benchmark sends: the endpoints one at a time, then the mixed phase.

A phase is one or more wrk processes started together against the same server. Every
endpoint has a phase of its own; the mixed phase runs readers and production-report writers
at the same time, each side its own wrk process so that each keeps its own percentiles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bench_support.options import BenchOptions
from bench_support.seed import Seeded
from bench_support.seed_rows import by_id_sample
from bench_support.server import API, Server
from bench_support.wrk import Target

REPORT_BODY = '{"good_qty":1}'
MIXED = "mixed"


@dataclass(frozen=True, slots=True)
class Load:
    """One wrk process of a phase: what it sends, over how many connections and threads."""

    target: Target
    connections: int
    threads: int


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    loads: tuple[Load, ...]


def build_targets(seeded: Seeded, *, reader: str, operator: str) -> list[Target]:
    read_headers = {"Authorization": f"Bearer {reader}", "Accept": "application/json"}
    # A fixed spread over every status and both kinds of order, so the reads touch rows all
    # over the table.
    sample = by_id_sample(seeded.data)
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


def mixed_targets(by_id: Target, listing: Target, report: Target) -> tuple[Target, Target]:
    """The readers and the writers of the mixed phase, from the targets they run alone.

    The readers alternate one by-id read and one list page, so the two split the reads
    evenly; an even count of paths keeps every wrk thread on that alternation.
    """
    list_path = listing.paths[0]
    reads = Target(
        "mixed_reads",
        "mixed: GET /work-orders/{id} + list",
        "GET",
        [path for order_path in by_id.paths for path in (order_path, list_path)],
        by_id.headers,
    )
    writes = replace(report, name="mixed_writes", label="mixed: POST /dispatches/{id}/reports")
    return reads, writes


def build_phases(options: BenchOptions, targets: list[Target]) -> list[Phase]:
    """The phases of `options.endpoints`, in their order."""
    by_name = {target.name: target for target in targets}
    phases: list[Phase] = []
    for name in options.endpoints:
        loads: tuple[Load, ...]
        if name == MIXED:
            reads, writes = mixed_targets(by_name["by_id"], by_name["list"], by_name["report"])
            loads = (
                Load(reads, options.mixed_readers, min(options.threads, options.mixed_readers)),
                Load(writes, options.mixed_writers, min(options.threads, options.mixed_writers)),
            )
        else:
            loads = (Load(by_name[name], options.connections, options.threads),)
        phases.append(Phase(name, loads))
    return phases


def write_connections(options: BenchOptions) -> int:
    """Connections that post reports over the run, which the report lines are sized for."""
    total = options.connections if "report" in options.endpoints else 0
    total += options.mixed_writers if MIXED in options.endpoints else 0
    # Without any writes the seed still has report lines; keep them as a report run sizes them.
    return total or options.connections


def open_connections(options: BenchOptions) -> int:
    """The most connections any phase holds open, which the server's pools are sized for."""
    mixed = options.mixed_readers + options.mixed_writers if MIXED in options.endpoints else 0
    return max(options.connections, mixed)


def check_once(server: Server, target: Target, key: str) -> None:
    """One request before any load: a wrong token or path fails here, not as 20 s of 4xx."""
    headers = dict(target.headers)
    if target.idempotency_keys:
        headers["Idempotency-Key"] = key
    body = target.body.encode() if target.body is not None else None
    status, payload = server.request(target.method, target.paths[0], body=body, headers=headers)
    if not 200 <= status < 300:
        raise RuntimeError(f"{target.label} answered {status}: {payload}")
