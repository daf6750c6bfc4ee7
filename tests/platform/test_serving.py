"""Serving with gunicorn: its configuration, two instances side by side, graceful shutdown."""

from __future__ import annotations

import asyncio
import gc
import json
import runpy
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from shopfloor.core.paths import project_root
from shopfloor.core.registry import discover_modules
from tests.platform.pg import count_connections, database_of, fetch_value, settle_connections
from tests.platform.serving import Gunicorn, free_port, production_environment, start_gunicorn

GUNICORN_VARIABLES = (
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_KEEPALIVE",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_BACKLOG",
    "GUNICORN_LOG_LEVEL",
    "GUNICORN_PROC_NAME",
    "GUNICORN_CONTROL_SOCKET",
    "GUNICORN_REUSE_PORT",
    "GUNICORN_GC_THRESHOLD",
    "FORWARDED_ALLOW_IPS",
)


def load_config(monkeypatch: pytest.MonkeyPatch, **variables: str) -> dict[str, Any]:
    for name in GUNICORN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(project_root() / "gunicorn.conf.py"))


# -- configuration -------------------------------------------------------------------------------


def test_the_defaults_are_production_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(monkeypatch)

    assert config["wsgi_app"] == "shopfloor.main:app"
    assert config["worker_class"] == "uvicorn_worker.UvicornWorker"
    assert config["bind"] == ["127.0.0.1:8000"]
    assert 1 <= config["workers"] <= 8
    assert (config["timeout"], config["graceful_timeout"], config["keepalive"]) == (60, 30, 5)
    assert (config["max_requests"], config["max_requests_jitter"]) == (0, 1_000)
    assert config["backlog"] == 2048
    assert config["preload_app"] is False
    assert config["accesslog"] is None
    assert config["errorlog"] == "-"
    assert config["loglevel"] == "info"
    assert config["proc_name"] == "shopfloor"
    assert config["forwarded_allow_ips"] == "127.0.0.1"
    assert config["reuse_port"] is False
    assert config["gc_threshold"] == 10_000


def test_the_control_socket_is_off_unless_a_path_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    default = load_config(monkeypatch)
    chosen = load_config(monkeypatch, GUNICORN_CONTROL_SOCKET="/run/shopfloor/a.ctl")

    assert default["control_socket_disable"] is True
    assert "control_socket" not in default
    assert chosen["control_socket"] == "/run/shopfloor/a.ctl"
    assert "control_socket_disable" not in chosen


def test_every_value_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_WORKERS="3",
        GUNICORN_TIMEOUT="90",
        GUNICORN_GRACEFUL_TIMEOUT="45",
        GUNICORN_KEEPALIVE="2",
        GUNICORN_MAX_REQUESTS="500",
        GUNICORN_MAX_REQUESTS_JITTER="50",
        GUNICORN_BACKLOG="128",
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_PROC_NAME="shopfloor-blue",
        GUNICORN_REUSE_PORT="true",
        GUNICORN_GC_THRESHOLD="2500",
        FORWARDED_ALLOW_IPS="10.0.0.5,10.0.0.6",
    )

    assert config["bind"] == ["0.0.0.0:9000"]
    assert (config["workers"], config["timeout"], config["graceful_timeout"]) == (3, 90, 45)
    assert (config["keepalive"], config["max_requests"], config["max_requests_jitter"]) == (
        2,
        500,
        50,
    )
    assert config["backlog"] == 128
    assert (config["loglevel"], config["proc_name"]) == ("warning", "shopfloor-blue")
    assert config["reuse_port"] is True
    assert config["forwarded_allow_ips"] == "10.0.0.5,10.0.0.6"
    assert config["gc_threshold"] == 2500


@pytest.fixture
def collector_state() -> Iterator[None]:
    """The hook changes this process's collector; the test leaves it as it found it."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("collector_state")
@pytest.mark.parametrize(("variable", "expected"), [("", 10_000), ("0", None)])
def test_a_worker_freezes_what_loading_created_and_raises_the_gc_threshold(
    monkeypatch: pytest.MonkeyPatch, variable: str, expected: int | None
) -> None:
    config = load_config(monkeypatch, GUNICORN_GC_THRESHOLD=variable)
    gc.set_threshold(700, 10, 10)

    config["post_worker_init"](object())

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == ((expected or 700), 10, 10)


# -- real servers --------------------------------------------------------------------------------


@pytest.fixture
def servers() -> Iterator[list[Gunicorn]]:
    """Every gunicorn a test starts; whatever is still running at the end is killed."""
    started: list[Gunicorn] = []
    yield started
    for server in started:
        server.kill()


def json_lines(output: str) -> list[dict[str, Any]]:
    lines = []
    for line in output.splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


@pytest.mark.slow
def test_two_instances_on_one_machine_both_serve_and_stop_cleanly(
    isolated_database_url: str, tmp_path: Path, servers: list[Gunicorn]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    modules = list(discover_modules())
    for name in ("blue", "green"):
        port = free_port()
        env = production_environment(
            database_url=isolated_database_url,
            home=home,
            port=port,
            enabled_modules=modules,
            workers=1,
        )
        servers.append(
            start_gunicorn(
                "shopfloor.main:app", env=env, log_path=tmp_path / f"{name}.log", port=port
            )
        )

    for server in servers:
        server.wait_until_serving()
    ready = [httpx.get(server.url("/health/ready"), timeout=10) for server in servers]
    docs = [httpx.get(server.url("/docs"), timeout=10) for server in servers]
    connected = asyncio.run(count_connections(isolated_database_url))
    exit_codes = [server.terminate() for server in servers]

    assert [response.status_code for response in ready] == [200, 200]
    assert [response.status_code for response in docs] == [404, 404]
    assert connected == 2
    assert exit_codes == [0, 0]
    assert asyncio.run(settle_connections(isolated_database_url)) == 0
    assert not (home / ".gunicorn").exists()
    for server in servers:
        access = [
            line for line in json_lines(server.output()) if line.get("logger") == "shopfloor.access"
        ]
        assert [line["path"] for line in access] == ["/health/ready", "/docs"]
        assert access[0]["status"] == 200
        assert "Traceback" not in server.output()


async def wait_for_sleeping_query(database_url: str, attempts: int = 200) -> None:
    """Until the slow request's pg_sleep is running on the server."""
    for _ in range(attempts):
        running = await fetch_value(
            database_url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
            "AND application_name = 'shopfloor' AND state = 'active' "
            "AND query LIKE 'SELECT pg_sleep%'",
            database_of(database_url),
        )
        if running:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the slow request never reached the database")


@pytest.mark.slow
def test_sigterm_finishes_in_flight_requests_and_closes_every_connection(
    isolated_database_url: str, tmp_path: Path, servers: list[Gunicorn]
) -> None:
    port = free_port()
    env = production_environment(
        database_url=isolated_database_url,
        home=tmp_path,
        port=port,
        enabled_modules=["alpha", "beta"],
    )
    server = start_gunicorn(
        "tests.platform.serving_app:app", env=env, log_path=tmp_path / "gunicorn.log", port=port
    )
    servers.append(server)
    server.wait_until_serving()
    assert httpx.get(server.url("/health/ready"), timeout=10).status_code == 200

    with ThreadPoolExecutor(max_workers=1) as pool:
        in_flight = pool.submit(
            httpx.get, server.url("/api/v1/beta/database/sleep?seconds=2"), timeout=60
        )
        asyncio.run(wait_for_sleeping_query(isolated_database_url))
        exit_code = server.terminate()
        response = in_flight.result(timeout=60)

    assert response.status_code == 200
    assert response.json()["data"] == {"seconds": 2.0}
    assert exit_code == 0
    assert asyncio.run(settle_connections(isolated_database_url)) == 0
    assert "Traceback" not in server.output()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variables", "reason"),
    [
        ({"ENABLED_MODULES": "work_ordr"}, "unknown module 'work_ordr' in ENABLED_MODULES"),
        ({"DEBUG": "true"}, "refusing to start in prod: DEBUG must be false"),
    ],
    ids=["unknown module", "insecure settings"],
)
def test_a_bad_configuration_stops_gunicorn_before_it_serves(
    variables: dict[str, str],
    reason: str,
    isolated_database_url: str,
    tmp_path: Path,
    servers: list[Gunicorn],
) -> None:
    port = free_port()
    env = production_environment(
        database_url=isolated_database_url,
        home=tmp_path,
        port=port,
        enabled_modules=list(discover_modules()),
        workers=1,
    )
    with_password = make_url(env["DATABASE_URL"]).set(password="Pa55word-x")
    env["DATABASE_URL"] = with_password.render_as_string(hide_password=False)
    assert "Pa55word-x" in env["DATABASE_URL"]
    env.update(variables)
    server = start_gunicorn(
        "shopfloor.main:app", env=env, log_path=tmp_path / "gunicorn.log", port=port
    )
    servers.append(server)

    exit_code = server.process.wait(timeout=90)

    output = server.output()
    assert exit_code != 0
    assert reason in output
    assert "Pa55word-x" not in output
    assert "Application startup complete" not in output
