"""The contract check: schemathesis against the application served as in production.

A fresh database, migrated; an admin in one organisation, a viewer in another (with a few
records to read); gunicorn in production mode; then `schemathesis run` with every check
and the stateful phase, once as the admin, once as the viewer and once without a token.
Any failure fails the run. `scripts/contract --help` lists the options; docs/contract.md
says how to run it longer.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support import migrations
from tests.support.database import temporary_database
from tests.support.live_server import (
    API,
    Account,
    LiveServer,
    environment_for_tools,
    live_server,
    seed_accounts,
)

CALLERS = ("admin", "viewer", "anonymous")
CONFIG = Path(__file__).with_name("schemathesis.toml")
PHASES = "examples,coverage,fuzzing,stateful"
# Signing out everywhere revokes the token the rest of the run would use; tests/auth covers
# it for signed-in callers, and the anonymous run still calls it.
SIGNED_IN_EXCLUSIONS = ("/api/v1/auth/logout-all",)

ADMIN = Account("admin@contract.example", "admin", "Contract Admins")
VIEWER_ADMIN = Account("owner@viewer.example", "admin", "Contract Viewers")
VIEWER = Account("viewer@viewer.example", "viewer", VIEWER_ADMIN.email)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/contract",
        description="Run schemathesis against the API served as in production.",
        epilog="Arguments after -- go to every `schemathesis run`.",
    )
    parser.add_argument(
        "--max-examples", type=int, default=8, help="test cases per operation (default 8)"
    )
    parser.add_argument("--seed", type=int, default=20261125, help="random seed (default fixed)")
    parser.add_argument(
        "--max-time", type=int, help="seconds per caller; fuzzing repeats until they are spent"
    )
    parser.add_argument("--callers", default=",".join(CALLERS), help=f"some of {','.join(CALLERS)}")
    parser.add_argument("--phases", default=PHASES, help=f"default {PHASES}")
    parser.add_argument("--workers", default="1", help="schemathesis workers (default 1)")
    parser.add_argument("--report-dir", type=Path, help="keep schemathesis' JUnit reports here")
    parser.add_argument("extra", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    unknown = set(options.callers.split(",")) - set(CALLERS)
    if unknown:
        parser.error(f"unknown callers: {', '.join(sorted(unknown))}")
    return options


def seed_records(server: LiveServer, token: str) -> None:
    """Something for the viewer to read: a work center, a customer, an order, a dispatch."""
    with httpx.Client(
        base_url=server.base_url + API, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as http:
        station = http.post("/work-centers", json={"code": "CNC-01", "name": "CNC lathe 1"})
        customer = http.post("/customers", json={"code": "ACME", "name": "Acme Gearboxes"})
        order = http.post(
            "/work-orders",
            json={
                "order_number": "WO-CONTRACT-1",
                "product_model": "GB-200",
                "quantity": 10,
                "customer_id": customer.json()["data"]["id"],
            },
        )
        dispatch = http.post(
            f"/work-orders/{order.json()['data']['id']}/dispatches",
            json={"work_center_id": station.json()["data"]["id"], "planned_qty": 10},
        )
        for response in (station, customer, order, dispatch):
            if response.status_code != 201:
                raise RuntimeError(f"seeding: {response.request.url}: {response.text}")


def export_document(server: LiveServer, path: Path) -> None:
    """`shopfloor openapi` with the server's own settings: the document it serves from."""
    subprocess.run(
        [str(Path(sys.executable).parent / "shopfloor"), "openapi", "--out", str(path)],
        env=server.env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@dataclass
class CallerResult:
    caller: str
    exit_code: int
    seconds: float


def schemathesis_command(
    options: argparse.Namespace,
    *,
    document: Path,
    server: LiveServer,
    caller: str,
    token: str | None,
) -> list[str]:
    command = [
        str(Path(sys.executable).parent / "st"),
        "--config-file",
        str(CONFIG),
        "run",
        str(document),
        "--url",
        server.base_url,
        "--checks",
        "all",
        "--phases",
        options.phases,
        "--max-examples",
        str(options.max_examples),
        "--seed",
        str(options.seed),
        "--workers",
        str(options.workers),
        "--generation-database",
        "none",
        "--no-color",
    ]
    if options.max_time:
        command += ["--max-time", str(options.max_time)]
    if token is not None:
        command += ["--header", f"Authorization: Bearer {token}"]
        for path in SIGNED_IN_EXCLUSIONS:
            command += ["--exclude-path", path]
    if options.report_dir is not None:
        command += [
            "--report",
            "junit",
            "--report-junit-path",
            str(options.report_dir / f"{caller}.xml"),
        ]
    return command + list(options.extra)


def run(options: argparse.Namespace, work: Path) -> list[CallerResult]:
    callers = options.callers.split(",")
    with temporary_database(work) as database_url:
        migrations.upgrade(database_url)
        admin, viewer_admin, viewer = seed_accounts(database_url, [ADMIN, VIEWER_ADMIN, VIEWER])
        with live_server(database_url, log_path=work / "server.log") as server:
            # Every token first: the anonymous run's failed sign-ins lock out the address.
            tokens: dict[str, str | None] = {
                "admin": server.sign_in(admin),
                "viewer": server.sign_in(viewer),
                "anonymous": None,
            }
            seed_records(server, server.sign_in(viewer_admin))
            document = work / "openapi.json"
            export_document(server, document)
            # The callers run side by side, each with its own output, shown when all are done:
            # most of a run is waiting for answers, and the organisations keep them apart.
            running = []
            for caller in callers:
                command = schemathesis_command(
                    options, document=document, server=server, caller=caller, token=tokens[caller]
                )
                shown = [part if "Bearer" not in part else "Authorization: ..." for part in command]
                say(f"==> schemathesis as {caller}: {shlex.join(shown)}")
                output = (work / f"{caller}.log").open("wb")
                # In the temporary folder: schemathesis keeps its crash files in the current one.
                process = subprocess.Popen(
                    command,
                    cwd=work,
                    env=environment_for_tools(),
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
                running.append((caller, process, output, time.monotonic()))
            results = []
            for caller, process, output, started in running:
                exit_code = process.wait()
                results.append(CallerResult(caller, exit_code, time.monotonic() - started))
                output.close()
                say(f"==> schemathesis as {caller}:")
                say((work / f"{caller}.log").read_text(encoding="utf-8", errors="replace"))
            if any(result.exit_code != 0 for result in results):
                say(f"==> the server's last log lines:\n{server.output()[-4000:]}")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    if options.report_dir is not None:
        options.report_dir = options.report_dir.resolve()
        options.report_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shopfloor-contract-") as folder:
        results = run(options, Path(folder))
    for result in results:
        verdict = "passed" if result.exit_code == 0 else f"FAILED (exit {result.exit_code})"
        say(f"contract as {result.caller}: {verdict} in {result.seconds:.0f} s")
    return 0 if all(result.exit_code == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
