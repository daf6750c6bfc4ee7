"""The walkthrough of docs/work-orders.md, run as written against a freshly seeded server.

The bash blocks of its Walkthrough section are joined in order and run by bash (stopping at
the first failing command) against the development server as `scripts/dev` starts it, on a
fresh database, with a fixed DEMO_PASSWORD. Every line the doc marks `#>` must be printed,
in the doc's order; other lines may come between them.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopfloor.core.paths import project_root
from tests.support.database import temporary_database
from tests.support.dev_server import DevServer, dev_environment, running_dev_server

DOC = project_root() / "docs" / "work-orders.md"
DEMO_PASSWORD = "walkthrough-demo-password"
OUTPUT_MARK = "#> "
SCRIPT_TIMEOUT_S = 120

pytestmark = pytest.mark.slow


def walkthrough_blocks(markdown: str) -> list[str]:
    """The bash blocks of the Walkthrough section, in order."""
    section = markdown.split("\n## Walkthrough\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```bash\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)


def shown_output(script: str) -> list[str]:
    return [
        line.removeprefix(OUTPUT_MARK)
        for line in script.splitlines()
        if line.startswith(OUTPUT_MARK)
    ]


def missing_in_order(expected: list[str], printed: list[str]) -> list[str]:
    """The expected lines not found in `printed` in that order (the first and all after it)."""
    remaining = iter(printed)
    return [line for line in expected if line not in remaining]


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    with temporary_database(Path(tmp_path_factory.mktemp("walkthrough"))) as url:
        env = dev_environment(url, DEMO_PASSWORD=DEMO_PASSWORD)
        with running_dev_server(env) as server:
            yield server


def test_the_section_has_blocks_that_show_their_output() -> None:
    blocks = walkthrough_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    assert len(shown_output("".join(blocks))) >= 10


def test_the_server_seeded_the_demo_plant_the_walkthrough_uses(dev_server: DevServer) -> None:
    printed = dev_server.output()
    assert "Demo plant 'Demo Plant' created" in printed
    assert "password: the value of DEMO_PASSWORD" in printed
    assert DEMO_PASSWORD not in printed


def test_the_walkthrough_runs_as_written(dev_server: DevServer, tmp_path: Path) -> None:
    script = "\n".join(walkthrough_blocks(DOC.read_text(encoding="utf-8")))
    path = tmp_path / "walkthrough.sh"
    path.write_text(script, encoding="utf-8")
    # A newcomer's shell: the tools on PATH, nothing else of this process.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "SHOPFLOOR_API": dev_server.api,
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }
    completed = subprocess.run(
        ["bash", "-e", "-o", "pipefail", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT_S,
        check=False,
    )
    report = f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
    assert completed.returncode == 0, report
    assert completed.stderr == "", report
    missing = missing_in_order(shown_output(script), completed.stdout.splitlines())
    assert missing == [], report
