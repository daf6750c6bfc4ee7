"""What the machine and the processes under test do during a phase, read from /proc.

Peak resident memory (VmRSS) of every gunicorn worker, sampled a few times a second, and
CPU seconds spent by the workers, by the PostgreSQL backends of the benchmark's database and
by the whole machine. On a small shared machine the split says where the time went: a
phase where "other" is large was measured while something else was running.

Also how many of wrk's connections each worker holds. The workers share one listening
socket and whichever accepts first keeps the connection for the whole run, so 32
connections may well split 18/14: the worker with more of them answers each of them less
often, which shows as a p99 well above the p50 even when both workers are equally busy.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_INTERVAL_S = 0.2
# Reading /proc/net/tcp costs the kernel several milliseconds; wrk's connections stay put for
# the whole run, so a look every few seconds sees them without taking CPU from the run.
CONNECTIONS_INTERVAL_S = 3.0


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:  # the process ended between listing and reading
        return None


def children(pid: int) -> list[int]:
    """Direct children of `pid` (gunicorn's workers), including ones that replaced others."""
    listed = _read(PROC / str(pid) / "task" / str(pid) / "children")
    if listed is not None:
        return [int(part) for part in listed.split()]
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _read(entry / "stat")
            if stat is not None and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_kib(pid: int) -> int | None:
    status = _read(PROC / str(pid) / "status")
    if status is None:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def _socket_inodes(pid: int) -> set[str]:
    inodes: set[str] = set()
    try:
        descriptors = list((PROC / str(pid) / "fd").iterdir())
    except OSError:
        return inodes
    for descriptor in descriptors:
        try:
            target = os.readlink(descriptor)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _tcp_sockets() -> tuple[dict[str, int], dict[str, int]]:
    """(established, listening): socket inode -> local port, IPv4 and IPv6."""
    established: dict[str, int] = {}
    listening: dict[str, int] = {}
    for table in ("tcp", "tcp6"):
        text = _read(PROC / "net" / table)
        for line in (text or "").splitlines()[1:]:
            parts = line.split()
            port = int(parts[1].rsplit(":", 1)[1], 16)
            if parts[3] == "01":
                established[parts[9]] = port
            elif parts[3] == "0A":
                listening[parts[9]] = port
    return established, listening


def client_connections(master_pid: int, workers: list[int]) -> dict[int, int]:
    """Established connections to the server's port held by each worker."""
    established, listening = _tcp_sockets()
    ports = {listening[inode] for inode in _socket_inodes(master_pid) if inode in listening}
    return {
        pid: sum(1 for inode in _socket_inodes(pid) if established.get(inode) in ports)
        for pid in workers
    }


def cpu_seconds(pid: int) -> float | None:
    """User plus system time of `pid` so far."""
    stat = _read(PROC / str(pid) / "stat")
    if stat is None:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of stat(5); the split starts at field 3.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent not idle (all cores, since boot)."""
    text = _read(PROC / "stat") or ""
    values = [int(part) for part in text.splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values) - idle) / CLOCK_TICKS


def postgres_backends(database: str) -> list[int]:
    """Server processes serving `database` on this machine (their title names it)."""
    wanted = f" {database} ".encode()
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if command.startswith(b"postgres: ") and wanted in command:
            found.append(int(entry.name))
    return found


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


@dataclass(slots=True)
class PhaseUsage:
    wall_s: float = 0.0
    peak_rss_kib: dict[int, int] = field(default_factory=dict)
    # The most client connections each worker held at once, and its CPU seconds.
    connections: dict[int, int] = field(default_factory=dict)
    cpu_s_by_worker: dict[int, float] = field(default_factory=dict)
    workers_cpu_s: float = 0.0
    postgres_cpu_s: float = 0.0
    machine_busy_s: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def peak_worker_rss_kib(self) -> int:
        return max(self.peak_rss_kib.values(), default=0)


class PhaseMonitor:
    """Samples the workers of `master_pid` from `start()` to `stop()` in a thread."""

    def __init__(self, master_pid: int, database: str) -> None:
        self.master_pid = master_pid
        self.database = database
        self.usage = PhaseUsage()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="bench-monitor", daemon=True)
        self._worker_cpu_first: dict[int, float] = {}
        self._worker_cpu_last: dict[int, float] = {}
        self._postgres_first: dict[int, float] = {}
        self._busy_first = 0.0
        self._connections_at = time.monotonic()

    def start(self) -> None:
        self.usage.load_before = load_average()
        self._busy_first = machine_busy_seconds()
        for pid in postgres_backends(self.database):
            seconds = cpu_seconds(pid)
            if seconds is not None:
                self._postgres_first[pid] = seconds
        self._sample_once(first=True)
        self._thread.start()

    def _sample_once(self, *, first: bool = False) -> None:
        workers = children(self.master_pid)
        now = time.monotonic()
        if not first and now - self._connections_at >= CONNECTIONS_INTERVAL_S:
            self._connections_at = now
            held = self.usage.connections
            for pid, count in client_connections(self.master_pid, workers).items():
                held[pid] = max(count, held.get(pid, 0))
        for pid in workers:
            rss = rss_kib(pid)
            if rss is not None:
                self.usage.peak_rss_kib[pid] = max(rss, self.usage.peak_rss_kib.get(pid, 0))
            seconds = cpu_seconds(pid)
            if seconds is None:
                continue
            # A worker that appears mid-phase (a recycled one) counts from zero.
            self._worker_cpu_first.setdefault(pid, seconds if first else 0.0)
            self._worker_cpu_last[pid] = seconds

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_INTERVAL_S):
            self._sample_once()

    def stop(self, wall_s: float) -> PhaseUsage:
        self._stop.set()
        self._thread.join()
        self._sample_once()
        usage = self.usage
        usage.wall_s = wall_s
        usage.cpu_s_by_worker = {
            pid: self._worker_cpu_last[pid] - first for pid, first in self._worker_cpu_first.items()
        }
        usage.workers_cpu_s = sum(usage.cpu_s_by_worker.values())
        postgres = 0.0
        for pid in postgres_backends(self.database):
            seconds = cpu_seconds(pid)
            if seconds is not None:
                postgres += seconds - self._postgres_first.get(pid, 0.0)
        usage.postgres_cpu_s = postgres
        usage.machine_busy_s = machine_busy_seconds() - self._busy_first
        return usage
