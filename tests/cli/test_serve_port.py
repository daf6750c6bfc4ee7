"""`shopfloor serve` refuses a port it cannot listen on before it touches the database."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from shopfloor.cli.ports import listen_problem
from shopfloor.core.paths import project_root
from tests.cli.conftest import Run, run_in

# A closed port: a serve command that got as far as migrating would fail on it differently.
UNREACHABLE_DATABASE = "postgresql://shop@127.0.0.1:9/shop"


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another socket listens on for the whole test."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def serve(*args: str) -> Run:
    return run_in(project_root(), "serve", *args, env={"DATABASE_URL": UNREACHABLE_DATABASE})


def assert_refused_in_one_line(result: Run, reason: str) -> None:
    assert result.returncode == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {reason}"], result.stderr
    assert "Serving on" not in result.stdout
    assert "Traceback" not in result.output


def test_a_busy_port_is_refused_before_migrating(busy_port: int) -> None:
    result = serve("--port", str(busy_port))

    assert_refused_in_one_line(
        result,
        f"port {busy_port} on 127.0.0.1 is already in use (another server, or a "
        "`shopfloor serve` still running?); stop it or choose another port with --port",
    )
    assert "database" not in result.stderr


def test_an_address_of_another_machine_is_refused_before_migrating() -> None:
    # 192.0.2.0/24 is reserved for documentation: no machine of ours has it.
    result = serve("--host", "192.0.2.1", "--port", "8000")

    assert_refused_in_one_line(
        result,
        "cannot listen on 192.0.2.1: it is not an address of this machine; use --host "
        "127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface)",
    )


def test_a_free_port_passes_the_check(busy_port: int) -> None:
    # A port the kernel just handed out, with nothing listening on it any more.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    assert listen_problem("127.0.0.1", free_port) is None
    assert listen_problem("127.0.0.1", busy_port) is not None
