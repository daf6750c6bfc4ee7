"""The command tree: every command has help, and starting the CLI stays light."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.cli.conftest import Cli

COMMANDS = [
    [],
    ["serve"],
    ["db"],
    ["db", "upgrade"],
    ["db", "downgrade"],
    ["db", "current"],
    ["db", "history"],
    ["db", "revision"],
    ["db", "check"],
    ["module"],
    ["module", "new"],
    ["module", "list"],
    ["module", "graph"],
    ["module", "remove"],
    ["user"],
    ["user", "create-admin"],
    ["user", "create"],
    ["user", "set-password"],
    ["user", "deactivate"],
    ["openapi"],
    ["config"],
    ["check"],
]

HEAVY_PACKAGES = ("fastapi", "starlette", "sqlalchemy", "alembic", "pydantic", "jinja2", "uvicorn")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command) or "root")
def test_every_command_explains_itself(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage: shopfloor" in result.output


def test_importing_the_cli_loads_no_web_or_database_library() -> None:
    code = (
        "import json, sys, shopfloor.cli.app; "
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(completed.stdout))
    assert "typer" in loaded
    assert loaded.isdisjoint(HEAVY_PACKAGES), sorted(loaded & set(HEAVY_PACKAGES))


def test_a_password_is_never_a_command_line_argument(cli: Cli) -> None:
    result = cli(
        "user", "create-admin", "--org", "Plant", "--email", "a@b.example", "--password", "x"
    )
    assert result.exit_code == 2
    assert "No such option" in result.output
