"""Clients generated from the document walk a work order through its life on a live server.

The document is exported, a Python client is generated with openapi-python-client and
`walkthrough.py` drives it against gunicorn in production mode, then `mypy --strict` checks
the walkthrough against the client's types. With node and npm on the machine, TypeScript
types are generated with openapi-typescript and `tsc --noEmit` checks `walkthrough.ts`,
written with openapi-fetch, against them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.support.live_server import Account, LiveServer, live_server, seed_accounts

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
TOOLS = Path(sys.executable).parent
TOOL_TIMEOUT_S = 600


def run_tool(
    command: list[str], cwd: Path, *, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a tool to its end; its whole output is in the assertion when it fails."""
    finished = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT_S,
        check=False,
    )
    assert finished.returncode == 0, f"{' '.join(command)}\n{finished.stdout}\n{finished.stderr}"
    return finished


def tool_environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # The generators and mypy of this environment; openapi-python-client formats with ruff.
    env["PATH"] = f"{TOOLS}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def document(app: FastAPI, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("document") / "openapi.json"
    path.write_text(json.dumps(app.openapi(), indent=2, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, Account]]:
    (account,) = seed_accounts(
        database_url,
        [Account(f"walk-{uuid.uuid4().hex[:8]}@clients.example", "admin", "Client walkthrough")],
    )
    log = tmp_path_factory.mktemp("served") / "server.log"
    with live_server(database_url, log_path=log) as server:
        yield server, account


@pytest.fixture(scope="module")
def python_client(document: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the generated package `shopfloor_client` and the walkthrough."""
    folder = tmp_path_factory.mktemp("python-client")
    generated = run_tool(
        [
            str(TOOLS / "openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(folder / "shopfloor_client"),
            "--meta",
            "none",
            "--config",
            str(HERE / "openapi_python_client.yaml"),
        ],
        folder,
        env=tool_environment(),
    )
    # A warning names a part of the document the generator could not turn into code.
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout
    for name in ("walkthrough.py", "client_names.py"):
        shutil.copy(HERE / name, folder / name)
    return folder


def test_the_python_client_walks_an_order_to_completion(
    python_client: Path, served: tuple[LiveServer, Account]
) -> None:
    server, account = served

    walked = run_tool(
        [sys.executable, "walkthrough.py", server.base_url, account.email],
        python_client,
        stdin=account.password + "\n",
        env=tool_environment(PYTHONPATH=str(python_client)),
    )

    assert walked.stdout.strip() == "walkthrough: the order is completed"


def test_the_python_walkthrough_is_strictly_typed(python_client: Path) -> None:
    run_tool(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            # The generated package is read for its types; only the walkthrough is judged.
            "--follow-imports=silent",
            "--cache-dir",
            str(python_client / ".mypy_cache"),
            "walkthrough.py",
            "client_names.py",
        ],
        python_client,
        env=tool_environment(PYTHONPATH=str(python_client)),
    )


def test_the_typescript_walkthrough_type_checks(
    document: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        reason = "node and npm are not installed (CI has them)"
        # scripts/test sets it: there a missing toolchain fails the run instead of skipping.
        if os.environ.get("SHOPFLOOR_REQUIRE_NODE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("typescript")
    for name in ("package.json", "package-lock.json", "tsconfig.json", "walkthrough.ts"):
        shutil.copy(HERE / "typescript" / name, folder / name)
    env = tool_environment(npm_config_update_notifier="false")

    run_tool([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], folder, env=env)
    # Without the flag a field with a default (a create body's `priority`) would be required.
    run_tool(
        [
            str(folder / "node_modules" / ".bin" / "openapi-typescript"),
            str(document),
            "--output",
            "schema.d.ts",
            "--default-non-nullable",
            "false",
        ],
        folder,
        env=env,
    )
    tsc = folder / "node_modules" / ".bin" / "tsc"
    run_tool([str(tsc), "-p", "tsconfig.json"], folder, env=env)
