"""The application under test: gunicorn with uvicorn workers on a free loopback port."""

from __future__ import annotations

import http.client
import json
import math
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_support.seed import Login

HOST = "127.0.0.1"
READY_TIMEOUT_S = 60
STOP_TIMEOUT_S = 45
TOKEN_MINUTES = 120
API = "/api/v1"


@dataclass(frozen=True, slots=True)
class ServerConfig:
    workers: int
    pool_size: int
    max_overflow: int
    log_level: str
    env: dict[str, str]

    def describe(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
            "worker_class": "uvicorn_worker.UvicornWorker",
            "db_pool_size": self.pool_size,
            "db_max_overflow": self.max_overflow,
            "log_level": self.log_level,
            "app_env": self.env["APP_ENV"],
            "max_requests": self.env.get("GUNICORN_MAX_REQUESTS", "0 (gunicorn.conf.py)"),
        }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_config(
    base: Mapping[str, str], *, database_url: str, workers: int, connections: int, port: int
) -> ServerConfig:
    """Production settings, a throw-away signing key and a pool sized for the load.

    Each worker gets an even share of the connections as its pool, and as much again as
    overflow: the kernel does not spread connections evenly over the workers.
    """
    pool_size = max(1, math.ceil(connections / workers))
    log_level = base.get("BENCH_LOG_LEVEL", "WARNING")
    env = {
        **base,
        "APP_ENV": "prod",
        "DATABASE_URL": database_url,
        "AUTH_JWT_SECRET": secrets.token_hex(32),
        "AUTH_ACCESS_TOKEN_MINUTES": str(TOKEN_MINUTES),
        "LOG_LEVEL": log_level,
        "DB_POOL_SIZE": str(pool_size),
        "DB_MAX_OVERFLOW": str(pool_size),
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_PROC_NAME": "shopfloor-bench",
        # Recycling a worker every ~10,000 requests (the production default) would, at
        # thousands of requests per second, restart workers mid-run and measure start-up.
        "GUNICORN_MAX_REQUESTS": base.get("GUNICORN_MAX_REQUESTS", "0"),
    }
    env.pop("GUNICORN_CONTROL_SOCKET", None)
    return ServerConfig(
        workers=workers,
        pool_size=pool_size,
        max_overflow=pool_size,
        log_level=log_level,
        env=env,
    )


class Server:
    def __init__(self, root: Path, config: ServerConfig, log: Path) -> None:
        self.root = root
        self.config = config
        self.log = log
        self.port = int(config.env["GUNICORN_BIND"].rsplit(":", 1)[1])
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "the server is not started"
        return self.process.pid

    def start(self) -> None:
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=self.root,
                env=self.config.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at startup, see {self.log}")
            try:
                status, _ = self.request("GET", "/health/ready")
            except OSError:
                status = 0
            if status == 200:
                return
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn not ready after {READY_TIMEOUT_S} s, see {self.log}")

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Any]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw.decode(errors="replace")
        return response.status, payload

    def login(self, account: Login) -> str:
        form = urllib.parse.urlencode({"username": account.email, "password": account.password})
        status, payload = self.request(
            "POST",
            f"{API}/auth/token",
            body=form.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 200 or not isinstance(payload, dict):
            raise RuntimeError(f"sign-in as {account.email} answered {status}: {payload}")
        return str(payload["access_token"])

    def stop(self) -> int | None:
        """SIGTERM, then wait for the graceful shutdown; the exit code (None if killed)."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None
