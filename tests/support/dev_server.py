"""The development server as `scripts/dev` starts it, in a subprocess on a free port.

`shopfloor serve --seed-demo` with `APP_ENV=dev` migrates the given database, seeds the demo
plant and serves it with uvicorn. The server is ready when uvicorn logs that it is running:
it logs that line once its socket is listening, so a reader thread waits for it and sets an
event (or sets it when the process ends, whichever comes first).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from shopfloor.core.database import async_url
from shopfloor.core.paths import project_root

HOST = "127.0.0.1"
READY_LINE = "Uvicorn running on"
# Migrating a fresh database, seeding the plant and starting take a few seconds; the
# bound only turns a server that never comes up into a failure instead of a hang.
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def dev_environment(database_url: str, **extra: str) -> dict[str, str]:
    """This process's environment as a developer's shell would have it, on `database_url`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DATABASE_URL", "ENABLED_MODULES", "LOG_"))
    }
    env.update(
        {
            "APP_ENV": "dev",
            "DATABASE_URL": async_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False),
            "LOG_LEVEL": "INFO",
            "NO_COLOR": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


@dataclass
class DevServer:
    process: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)

    @property
    def api(self) -> str:
        return f"http://{HOST}:{self.port}/api/v1"

    def output(self) -> str:
        return "\n".join(self.lines)


@contextmanager
def running_dev_server(env: dict[str, str]) -> Iterator[DevServer]:
    """`shopfloor serve --seed-demo` on a free port, stopped with SIGTERM at the end."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "shopfloor.cli", "serve", "--seed-demo", "--port", str(port)],
        cwd=project_root(),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = DevServer(process=process, port=port)
    ready = threading.Event()

    def read_output() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.append(line.rstrip("\n"))
            if READY_LINE in line:
                ready.set()
        ready.set()  # the process ended: nothing more to wait for

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        assert ready.wait(START_TIMEOUT_S), f"the server did not start:\n{server.output()}"
        assert process.poll() is None, f"the server stopped:\n{server.output()}"
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join()
