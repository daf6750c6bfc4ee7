"""The machine and the software versions a run was measured with."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "fastapi",
    "starlette",
    "pydantic",
    "sqlalchemy",
    "asyncpg",
    "uvicorn",
    "uvicorn-worker",
    "gunicorn",
    "uvloop",
    "httptools",
)


def _first_line(path: Path, prefix: str) -> str | None:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine_facts() -> dict[str, Any]:
    memory = _first_line(Path("/proc/meminfo"), "MemTotal")
    return {
        "nproc": os.cpu_count(),
        "ram_gib": round(int(memory.split()[0]) / 1024 / 1024, 1) if memory else None,
        "cpu_model": _first_line(Path("/proc/cpuinfo"), "model name") or platform.processor(),
        "kernel": platform.release(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def wrk_version(wrk: str) -> str:
    completed = subprocess.run(  # noqa: S603 - wrk found by scripts/bench
        [wrk, "--version"], capture_output=True, text=True, check=False
    )
    text = (completed.stdout or completed.stderr).strip().splitlines()
    return text[0].split(" Copyright")[0] if text else "unknown"


def versions(*, wrk: str, postgres: str) -> dict[str, str]:
    found = {"python": platform.python_version(), "postgresql": postgres}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    found["wrk"] = wrk_version(wrk)
    return found
