"""Command-line options of `scripts/bench`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ENDPOINT_NAMES = ("health", "by_id", "list", "summary", "report", "mixed")


@dataclass(frozen=True, slots=True)
class BenchOptions:
    duration_s: int
    connections: int
    threads: int
    orders: int
    workers: int
    warmup_s: int
    endpoints: tuple[str, ...]
    output_dir: Path
    timeout_s: int
    mixed_readers: int
    mixed_writers: int


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _not_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _endpoints(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in names if name not in ENDPOINT_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"choose from {', '.join(ENDPOINT_NAMES)} (comma-separated)"
        )
    # /health is the yardstick every other endpoint is compared with, so it always runs.
    return tuple(name for name in ENDPOINT_NAMES if name in names or name == "health")


def parse_options(argv: Sequence[str]) -> BenchOptions:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Seed work orders, serve the API with gunicorn on loopback and measure "
        "throughput, latency, errors and worker memory with wrk.",
    )
    parser.add_argument("--duration", type=_positive, default=20, help="seconds per endpoint")
    parser.add_argument("--connections", type=_positive, default=32, help="open connections")
    parser.add_argument("--threads", type=_positive, default=2, help="wrk threads")
    parser.add_argument("--orders", type=_positive, default=10_000, help="work orders to seed")
    parser.add_argument("--workers", type=_positive, default=2, help="gunicorn workers")
    parser.add_argument(
        "--warmup", type=_not_negative, default=3, help="seconds of unmeasured load first"
    )
    parser.add_argument(
        "--endpoints",
        type=_endpoints,
        default=ENDPOINT_NAMES,
        help=f"comma-separated subset of {', '.join(ENDPOINT_NAMES)} (health always runs)",
    )
    parser.add_argument(
        "--mixed-readers",
        type=_positive,
        default=24,
        help="connections reading orders (by id and the list) in the mixed phase",
    )
    parser.add_argument(
        "--mixed-writers",
        type=_positive,
        default=8,
        help="connections posting production reports in the mixed phase, at the same time",
    )
    parser.add_argument(
        "--timeout", type=_positive, default=5, help="seconds before wrk counts a timeout"
    )
    parser.add_argument(
        "--output-dir", type=Path, default=Path("bench-results"), help="where results go"
    )
    args = parser.parse_args(argv)
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    return BenchOptions(
        duration_s=args.duration,
        connections=args.connections,
        threads=args.threads,
        orders=args.orders,
        workers=args.workers,
        warmup_s=args.warmup,
        endpoints=args.endpoints,
        output_dir=args.output_dir,
        timeout_s=args.timeout,
        mixed_readers=args.mixed_readers,
        mixed_writers=args.mixed_writers,
    )
