"""Load with wrk: one generated Lua script per endpoint, one JSON line of results back.

wrk takes one script, and its latency histogram covers every request it sent. A phase that
mixes reads and writes therefore runs one wrk process per side, started together, so each
side keeps its own percentiles.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LUA_DIR = Path(__file__).parent / "lua"
RESULT_MARKER = "BENCH_RESULT "


@dataclass(frozen=True, slots=True)
class Target:
    """What one endpoint's run sends."""

    name: str
    label: str
    method: str
    paths: Sequence[str]
    headers: Mapping[str, str]
    body: str | None = None
    idempotency_keys: bool = False


@dataclass(slots=True)
class WrkResult:
    requests: int
    duration_s: float
    latency_us: dict[str, float]
    statuses: dict[str, int]
    socket_errors: dict[str, int]
    first_error: str | None
    wrk_cpu_s: float
    raw: dict[str, Any] = field(repr=False)

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def non_2xx(self) -> int:
        return sum(count for status, count in self.statuses.items() if not status.startswith("2"))

    @property
    def errors(self) -> int:
        """Non-2xx answers plus socket errors (connect, read, write, timeout)."""
        return self.non_2xx + sum(self.socket_errors.values())

    def ms(self, percentile: str) -> float:
        return self.latency_us[percentile] / 1000


def _lua_string(value: str) -> str:
    escaped = "".join(
        char if char.isprintable() and char not in '"\\' else f"\\{ord(char):03d}" for char in value
    )
    return f'"{escaped}"'


def _lua_table(values: Mapping[str, str] | Sequence[str]) -> str:
    if isinstance(values, Mapping):
        items = [f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in values.items()]
    else:
        items = [_lua_string(item) for item in values]
    return "{\n  " + ",\n  ".join(items) + "\n}"


def write_script(target: Target, path: Path, *, threads: int, key_prefix: str) -> Path:
    prelude = "\n".join(
        (
            f"-- Generated for {target.label}.",
            f"method = {_lua_string(target.method)}",
            f"paths = {_lua_table(list(target.paths))}",
            f"headers = {_lua_table(dict(target.headers))}",
            f"body = {_lua_string(target.body) if target.body is not None else 'nil'}",
            f"key_prefix = {_lua_string(key_prefix) if target.idempotency_keys else 'nil'}",
            f"thread_count = {threads}",
            "",
        )
    )
    parts = [prelude, (LUA_DIR / "stats.lua").read_text(), (LUA_DIR / "requests.lua").read_text()]
    path.write_text("\n".join(parts))
    return path


class RunningWrk:
    """A started wrk process; several may run at once against one server (the mixed phase)."""

    def __init__(self, command: list[str], output: Path) -> None:
        self.command = command
        self.output = output
        self.started = time.monotonic()
        self._stdout = output.with_suffix(".stdout")
        with self._stdout.open("wb") as stdout:
            self.process = subprocess.Popen(  # noqa: S603 - wrk with arguments built here
                command, stdout=stdout, stderr=subprocess.STDOUT
            )

    def finish(self) -> WrkResult:
        """Wait for wrk to end; its results, and the CPU this one process used."""
        # wait4 gives this child's own CPU time, which RUSAGE_CHILDREN cannot when two run.
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        wall_s = time.monotonic() - self.started
        printed = self._stdout.read_text(errors="replace")
        self._stdout.unlink()
        exit_code = self.process.returncode
        self.output.write_text(
            f"$ {' '.join(self.command)}\n# exit {exit_code}, {wall_s:.1f} s\n{printed}"
        )
        line = next((row for row in printed.splitlines() if row.startswith(RESULT_MARKER)), None)
        if exit_code != 0 or line is None:
            raise RuntimeError(f"wrk failed (exit {exit_code}), see {self.output}")
        raw = json.loads(line[len(RESULT_MARKER) :])
        errors = raw["errors"]
        sockets = ("connect", "read", "write", "timeout")
        return WrkResult(
            requests=int(raw["requests"]),
            duration_s=raw["duration_us"] / 1_000_000,
            latency_us={key: float(value) for key, value in raw["latency_us"].items()},
            statuses={str(key): int(value) for key, value in raw["statuses"].items()},
            socket_errors={key: int(errors[key]) for key in sockets},
            first_error=raw["first_error"],
            wrk_cpu_s=usage.ru_utime + usage.ru_stime,
            raw=raw,
        )


def start_wrk(
    wrk: str,
    script: Path,
    base_url: str,
    *,
    threads: int,
    connections: int,
    duration_s: int,
    timeout_s: int,
    output: Path,
) -> RunningWrk:
    command = [
        wrk,
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration_s}s",
        f"--timeout={timeout_s}s",
        "--latency",
        f"--script={script}",
        f"{base_url}/",
    ]
    return RunningWrk(command, output)
