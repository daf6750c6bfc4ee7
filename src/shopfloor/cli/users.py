"""`shopfloor user ...`: accounts from the command line, through the user module's service.

Passwords are never command-line arguments (they would end up in shell history and in the
process list): they are prompted for twice, or read from standard input.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from shopfloor.cli.errors import explain, fail, prompt

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from shopfloor.user.schemas import UserRead

T = TypeVar("T")

app = typer.Typer(
    help="User accounts: create the first admin, add users, set passwords, deactivate.",
    no_args_is_help=True,
)

ROLES = ("admin", "supervisor", "planner", "operator", "viewer")

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input."
    ),
]
EmailOption = Annotated[str, typer.Option("--email", help="The account's email address.")]


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = typer.get_text_stream("stdin").readline()
        password = line.rstrip("\r\n")
        if not password:
            fail("no password on standard input")
        return password
    return prompt(
        "Password",
        hint="pipe the password in with --password-stdin",
        hide_input=True,
        confirmation_prompt=True,
    )


def slug_for(name: str) -> str:
    """`Acme Plant 2` -> `acme-plant-2`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-")


def _run(action: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    from shopfloor.cli.database_url import resolve_database_url
    from shopfloor.cli.sessions import describe_app_error, run_in_transaction
    from shopfloor.core.errors import AppError

    url = resolve_database_url()
    try:
        return run_in_transaction(url, work)
    except typer.Exit:
        raise
    except AppError as exc:
        fail(f"{action}: {describe_app_error(exc)}")
    except Exception as exc:
        fail(f"{action}: {explain(exc)}")


@app.command("create-admin")
def create_admin(
    org: Annotated[str, typer.Option("--org", help="The new organisation's name.")],
    email: EmailOption,
    full_name: Annotated[
        str, typer.Option("--full-name", help="The admin's name.")
    ] = "Administrator",
    slug: Annotated[
        str | None,
        typer.Option("--slug", help="The organisation's URL-safe id (default: from its name)."),
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an organisation and its first admin.

    Example: [bold]shopfloor user create-admin --org "Acme Plant" --email admin@acme.example[/bold]
    """
    from shopfloor.user import service as user_service

    organization_slug = slug or slug_for(org)
    password = read_password(password_stdin)

    async def work(db_session: AsyncSession) -> str:
        created = await user_service.create_organization_with_admin(
            db_session=db_session,
            organization_name=org,
            organization_slug=organization_slug,
            email=email,
            password=password,
            full_name=full_name,
        )
        return (
            f"Created organisation {created.organization.name!r} ({created.organization.slug}) "
            f"and its admin {created.admin.email}."
        )

    typer.echo(_run("cannot create the admin", work))


@app.command("create")
def create(
    email: EmailOption,
    org: Annotated[
        str,
        typer.Option(
            "--org", help="The organisation: its id, or the email of anyone already in it."
        ),
    ],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")],
    full_name: Annotated[str, typer.Option("--full-name", help="The person's name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user in an existing organisation.

    Example: [bold]shopfloor user create --org admin@acme.example --email lin@acme.example
    --role planner --full-name "Lin Mei-Ling"[/bold]
    """
    from shopfloor.user import schemas as user_schemas
    from shopfloor.user import service as user_service

    if role not in ROLES:
        fail(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
    password = read_password(password_stdin)

    async def work(db_session: AsyncSession) -> str:
        organization_id = await _organization_of(db_session, org)
        try:
            data = user_schemas.UserCreate.model_validate(
                {"email": email, "full_name": full_name, "role": role, "password": password}
            )
        except ValueError as exc:
            fail(f"cannot create the user: {_first_validation_error(exc)}")
        created = await user_service.create_user(
            db_session=db_session,
            organization_id=organization_id,
            data=data,
            actor_id=None,
            actor_role=None,
        )
        return f"Created {created.role} {created.email}."

    typer.echo(_run("cannot create the user", work))


@app.command("set-password")
def set_password(email: EmailOption, password_stdin: PasswordStdin = False) -> None:
    """Set an account's password (its sessions end).

    Example: [bold]shopfloor user set-password --email lin@acme.example[/bold]
    """
    from shopfloor.user import service as user_service

    password = read_password(password_stdin)

    async def work(db_session: AsyncSession) -> str:
        user = await _user(db_session, email)
        await user_service.set_password(
            db_session=db_session,
            organization_id=user.organization_id,
            user_id=user.id,
            password=password,
        )
        return f"Password of {user.email} changed; its sessions have ended."

    typer.echo(_run("cannot set the password", work))


@app.command("deactivate")
def deactivate(email: EmailOption) -> None:
    """Deactivate an account: it can no longer sign in and its sessions end.

    Example: [bold]shopfloor user deactivate --email lin@acme.example[/bold]
    """
    from shopfloor.user import service as user_service

    async def work(db_session: AsyncSession) -> str:
        user = await _user(db_session, email)
        await user_service.deactivate_user(
            db_session=db_session, organization_id=user.organization_id, user_id=user.id
        )
        return f"Deactivated {user.email}."

    typer.echo(_run("cannot deactivate the user", work))


async def _user(db_session: AsyncSession, email: str) -> UserRead:
    from shopfloor.user import service as user_service

    user = await user_service.find_user_by_email(db_session=db_session, email=email)
    if user is None:
        fail(f"no account with the email {email!r}")
    return user


async def _organization_of(db_session: AsyncSession, org: str) -> uuid.UUID:
    from shopfloor.user import service as user_service

    if "@" in org:
        return (await _user(db_session, org)).organization_id
    try:
        organization_id = uuid.UUID(org)
    except ValueError:
        fail(f"--org {org!r} is neither an organisation id nor a member's email")
    organization = await user_service.get_organization(
        db_session=db_session, organization_id=organization_id
    )
    return organization.id


def _first_validation_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "input"
        return f"{where}: {first.get('msg', '')}"
    return str(exc)
