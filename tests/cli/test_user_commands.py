"""`shopfloor user ...` against the test database, then signing in through the API.

The commands commit on their own connections, so the API runs on real connections too
(`live_client`): signing in updates the account, which must not wait on a test transaction.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
from click.testing import Result

from tests.cli.conftest import Cli

TOKEN = "/api/v1/auth/token"
PASSWORD = "first-shift-password"


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@plant.example"


async def run(cli: Cli, database_url: str, *args: str, input_text: str | None = None) -> Result:
    # The command runs its own event loop, so it cannot share the test's.
    return await asyncio.to_thread(
        cli, *args, env={"DATABASE_URL": database_url}, input_text=input_text
    )


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(TOKEN, data={"username": email, "password": password})


async def create_admin(cli: Cli, database_url: str, email: str) -> Result:
    org = f"Plant {uuid.uuid4().hex[:8]}"
    return await run(
        cli,
        database_url,
        "user",
        "create-admin",
        "--org",
        org,
        "--email",
        email,
        "--password-stdin",
        input_text=f"{PASSWORD}\n",
    )


async def test_create_admin_then_sign_in_with_that_password(
    cli: Cli, database_url: str, live_client: httpx.AsyncClient
) -> None:
    email = unique_email("admin")
    created = await create_admin(cli, database_url, email)
    assert created.exit_code == 0, created.output
    assert f"and its admin {email}." in created.stdout
    response = await sign_in(live_client, email, PASSWORD)
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    me = await live_client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200, me.text
    assert me.json()["data"]["role"] == "admin"
    assert PASSWORD not in created.output


async def test_the_password_prompt_asks_twice_and_refuses_a_mismatch(
    cli: Cli, database_url: str, live_client: httpx.AsyncClient
) -> None:
    email = unique_email("prompted")
    mismatch = await run(
        cli,
        database_url,
        "user",
        "create-admin",
        "--org",
        f"Plant {uuid.uuid4().hex[:8]}",
        "--email",
        email,
        input_text=f"{PASSWORD}\nsomething-else-entirely\n",
    )
    assert mismatch.exit_code == 1
    assert "do not match" in mismatch.output
    assert "Aborted" not in mismatch.output
    assert "error: no answer: standard input ended" in mismatch.stderr
    assert (await sign_in(live_client, email, PASSWORD)).status_code == 401
    confirmed = await run(
        cli,
        database_url,
        "user",
        "create-admin",
        "--org",
        f"Plant {uuid.uuid4().hex[:8]}",
        "--email",
        email,
        input_text=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert confirmed.exit_code == 0, confirmed.output
    assert (await sign_in(live_client, email, PASSWORD)).status_code == 200


async def test_a_short_password_is_refused_with_the_reason(cli: Cli, database_url: str) -> None:
    result = await run(
        cli,
        database_url,
        "user",
        "create-admin",
        "--org",
        "Short Plant",
        "--email",
        unique_email("short"),
        "--password-stdin",
        input_text="short\n",
    )
    assert result.exit_code == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error.startswith("error: cannot create the admin: ")
    assert "password" in error


async def test_an_existing_email_is_refused(cli: Cli, database_url: str) -> None:
    email = unique_email("twice")
    assert (await create_admin(cli, database_url, email)).exit_code == 0
    again = await create_admin(cli, database_url, email)
    assert again.exit_code == 1
    assert "USER_EMAIL_TAKEN" in again.stderr


async def test_create_user_set_password_and_deactivate(
    cli: Cli, database_url: str, live_client: httpx.AsyncClient
) -> None:
    admin = unique_email("admin")
    planner = unique_email("planner")
    assert (await create_admin(cli, database_url, admin)).exit_code == 0
    created = await run(
        cli,
        database_url,
        "user",
        "create",
        "--org",
        admin,
        "--email",
        planner,
        "--role",
        "planner",
        "--full-name",
        "Lin Mei-Ling",
        "--password-stdin",
        input_text=f"{PASSWORD}\n",
    )
    assert created.exit_code == 0, created.output
    assert created.stdout.strip() == f"Created planner {planner}."
    assert (await sign_in(live_client, planner, PASSWORD)).status_code == 200

    new_password = "second-shift-password"
    changed = await run(
        cli,
        database_url,
        "user",
        "set-password",
        "--email",
        planner,
        "--password-stdin",
        input_text=f"{new_password}\n",
    )
    assert changed.exit_code == 0, changed.output
    assert (await sign_in(live_client, planner, PASSWORD)).status_code == 401
    assert (await sign_in(live_client, planner, new_password)).status_code == 200

    deactivated = await run(cli, database_url, "user", "deactivate", "--email", planner)
    assert deactivated.exit_code == 0, deactivated.output
    assert (await sign_in(live_client, planner, new_password)).status_code == 401


async def test_an_unknown_account_or_role_is_one_line(cli: Cli, database_url: str) -> None:
    missing = await run(
        cli,
        database_url,
        "user",
        "set-password",
        "--email",
        unique_email("nobody"),
        "--password-stdin",
        input_text=f"{PASSWORD}\n",
    )
    assert missing.exit_code == 1
    assert "error: no account with the email" in missing.stderr
    bad_role = await run(
        cli,
        database_url,
        "user",
        "create",
        "--org",
        unique_email("nobody"),
        "--email",
        unique_email("x"),
        "--role",
        "boss",
        "--full-name",
        "X",
    )
    assert bad_role.exit_code == 1
    assert "error: unknown role 'boss'" in bad_role.stderr


def test_a_password_prompt_without_input_names_the_way_to_pipe_one(cli: Cli) -> None:
    # The prompt comes before any database work, so no database is needed.
    result = cli("user", "set-password", "--email", unique_email("piped"), input_text="")
    assert result.exit_code == 1
    assert "Aborted" not in result.output
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error == (
        "error: no answer: standard input ended (not a terminal?); "
        "pipe the password in with --password-stdin"
    )
