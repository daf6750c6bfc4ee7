"""Start gunicorn the way production does, on a free loopback port, and stop it with SIGTERM."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from shopfloor.core.paths import project_root
from tests.platform.pg import plain_dsn

BOOT_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_environment(
    *, database_url: str, home: Path, port: int, enabled_modules: list[str], workers: int = 2
) -> dict[str, str]:
    """What an operator sets for `APP_ENV=prod`; nothing inherited from the test process."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(project_root()),
        "APP_ENV": "prod",
        "DATABASE_URL": plain_dsn(database_url),
        "AUTH_JWT_SECRET": secrets.token_hex(32),
        "ENABLED_MODULES": ",".join(enabled_modules),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_GRACEFUL_TIMEOUT": "30",
    }


@dataclass
class Gunicorn:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + BOOT_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited early:\n{self.output()}")
            try:
                if httpx.get(self.url("/health"), timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start serving:\n{self.output()}")

    def terminate(self) -> int:
        """SIGTERM, as an orchestrator sends it; the exit code once gunicorn is gone."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=90)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


def start_gunicorn(app: str, *, env: dict[str, str], log_path: Path, port: int) -> Gunicorn:
    root = project_root()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", app, "-c", str(root / "gunicorn.conf.py")],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Gunicorn(process=process, port=port, log_path=log_path)
