"""The walkthrough of docs/items-and-routings.md, run as written against a freshly seeded server.

The bash blocks of its Walkthrough section are joined in order and run by bash against the
development server as `scripts/dev` starts it (the demo plant seeded on a fresh database,
with a fixed DEMO_PASSWORD). The blocks check their own answers (`set -euo pipefail` and
`want`), so the script must end with status 0 and print nothing on standard error; every
line the doc marks `#>` must be printed, in the doc's order.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopfloor.core.paths import project_root
from tests.docs.test_walkthrough_doc import missing_in_order, shown_output, walkthrough_blocks
from tests.support.database import temporary_database
from tests.support.dev_server import DevServer, dev_environment, running_dev_server

DOC = project_root() / "docs" / "items-and-routings.md"
DEMO_PASSWORD = "items-walkthrough-password"
SCRIPT_TIMEOUT_S = 120
# What the walkthrough must show: the routing, the copy, the order's operations, the refusal.
KEY_OUTPUT = (
    "STD 1 released true",
    "10 turning 20.0 240.0",
    "STD 2 draft",
    "10 turning ready",
    "409 OPERATION_QTY_EXCEEDS_AVAILABLE 40 0",
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    with temporary_database(Path(tmp_path_factory.mktemp("items-walkthrough"))) as url:
        env = dev_environment(url, DEMO_PASSWORD=DEMO_PASSWORD)
        with running_dev_server(env) as server:
            yield server


def script() -> str:
    return "\n".join(walkthrough_blocks(DOC.read_text(encoding="utf-8")))


def test_the_section_checks_its_answers_and_shows_them() -> None:
    blocks = walkthrough_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    assert blocks[0].startswith("set -euo pipefail\n")
    assert sum(block.count("| want ") for block in blocks) >= 10
    assert set(KEY_OUTPUT) <= set(shown_output(script()))


def test_the_server_seeded_the_gearbox_routing_the_walkthrough_uses(dev_server: DevServer) -> None:
    printed = dev_server.output()
    assert "1 default routing (GB-200 STD: 10 turning at LATHE-01, 20 milling at MILL-01" in printed


def test_the_walkthrough_runs_as_written(dev_server: DevServer, tmp_path: Path) -> None:
    path = tmp_path / "walkthrough.sh"
    path.write_text(script(), encoding="utf-8")
    # A newcomer's shell: the tools on PATH, nothing else of this process.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "SHOPFLOOR_API": dev_server.api,
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }
    completed = subprocess.run(
        ["bash", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT_S,
        check=False,
    )
    report = f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
    assert completed.returncode == 0, report
    assert completed.stderr == "", report
    printed = completed.stdout.splitlines()
    assert missing_in_order(shown_output(script()), printed) == [], report
    assert [line for line in KEY_OUTPUT if line not in printed] == [], report
