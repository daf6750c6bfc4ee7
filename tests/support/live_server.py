"""The application served as in production, for checks that talk to it from outside.

gunicorn with uvicorn workers and `APP_ENV=prod`, on a loopback socket that this process
opens and hands over (`GUNICORN_BIND=fd://N`). A request sent before the workers are up
waits in the socket's backlog instead of being refused, so the first request is also the
wait for the server: nothing polls. The accounts the checks sign in with are created
through the user module's service, as `shopfloor user create-admin` does.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.core.paths import project_root
from shopfloor.core.registry import discover_modules
from tests.platform.serving import production_environment

API = "/api/v1"
# Generous: two workers import the application and open their pools on a busy machine.
FIRST_ANSWER_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 60


@dataclass(frozen=True)
class Account:
    """A user the checks sign in as; `organization` names the organisation of an admin, or
    the email of the admin whose organisation a user of another role joins."""

    email: str
    role: str
    organization: str
    password: str = ""

    def with_password(self) -> Account:
        password = self.password or secrets.token_urlsafe(18)
        return Account(self.email, self.role, self.organization, password)


def seed_accounts(database_url: str, accounts: Sequence[Account]) -> list[Account]:
    """Create the accounts (admins first, each in a new organisation); with their passwords."""
    from shopfloor.cli.sessions import run_in_transaction
    from shopfloor.user import schemas as user_schemas
    from shopfloor.user import service as user_service

    created = [account.with_password() for account in accounts]
    organizations: dict[str, uuid.UUID] = {}

    async def work(db_session: AsyncSession) -> None:
        for account in sorted(created, key=lambda item: item.role != "admin"):
            if account.role == "admin":
                made = await user_service.create_organization_with_admin(
                    db_session=db_session,
                    organization_name=account.organization,
                    organization_slug=secrets.token_hex(6),
                    email=account.email,
                    password=account.password,
                    full_name=f"{account.role.title()} of the checks",
                )
                organizations[account.email] = made.organization.id
                continue
            data = user_schemas.UserCreate.model_validate(
                {
                    "email": account.email,
                    "password": account.password,
                    "full_name": f"{account.role.title()} of the checks",
                    "role": account.role,
                }
            )
            await user_service.create_user(
                db_session=db_session,
                organization_id=organizations[account.organization],
                data=data,
                actor_id=None,
                actor_role=None,
            )

    run_in_transaction(database_url, work)
    return created


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str]

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def sign_in(self, account: Account) -> str:
        """An access token for the account."""
        response = httpx.post(
            f"{self.base_url}{API}/auth/token",
            data={"username": account.email, "password": account.password},
            timeout=30,
        )
        if response.status_code != 200:
            raise RuntimeError(
                f"sign-in as {account.email}: {response.status_code} {response.text}"
            )
        return str(response.json()["access_token"])


def _listening_socket() -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    return listener


@contextmanager
def live_server(
    database_url: str,
    *,
    log_path: Path,
    workers: int = 2,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[LiveServer]:
    """gunicorn on `database_url` (migrated) until the block ends, then SIGTERM."""
    listener = _listening_socket()
    port = int(listener.getsockname()[1])
    env = production_environment(
        database_url=database_url,
        home=log_path.parent,
        port=port,
        enabled_modules=list(discover_modules()),
        workers=workers,
    )
    env.update(
        {
            "GUNICORN_BIND": f"fd://{listener.fileno()}",
            "GUNICORN_PROC_NAME": "shopfloor-checks",
            "LOG_LEVEL": "WARNING",
            **(extra_env or {}),
        }
    )
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(project_root() / "gunicorn.conf.py")],
            cwd=project_root(),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path, env)
    try:
        try:
            ready = httpx.get(f"{server.base_url}/health/ready", timeout=FIRST_ANSWER_TIMEOUT_S)
        except httpx.HTTPError as exc:
            raise RuntimeError(f"the server did not answer: {exc}\n{server.output()}") from exc
        finally:
            # gunicorn holds the socket now; without this copy a dead server refuses at once.
            listener.close()
        if ready.status_code != 200:
            raise RuntimeError(f"the server is not ready: {ready.text}\n{server.output()}")
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def environment_for_tools() -> dict[str, str]:
    """The environment for tools the checks start (schemathesis, code generators, npm)."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env
