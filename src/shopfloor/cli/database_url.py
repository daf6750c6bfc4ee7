"""Pick the database for a CLI command and tell the user which one it is."""

from __future__ import annotations

import typer

from shopfloor.cli.errors import fail

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def resolve_database_url(*, announce: bool = True) -> str:
    """DATABASE_URL, or the embedded server in dev/test; exported for child processes."""
    from shopfloor.core.config import get_settings
    from shopfloor.core.embedded_db import (
        EmbeddedDatabaseUnavailableError,
        database_url_or_embedded,
        describe_url,
        export_database_url,
    )

    try:
        settings = get_settings()
        url = database_url_or_embedded(settings)
    except (EmbeddedDatabaseUnavailableError, ValueError) as exc:
        fail(str(exc).splitlines()[0])
    embedded = not settings.database_url
    export_database_url(url)
    if announce:
        kind = " (embedded)" if embedded else ""
        typer.echo(f"Database{kind}: {describe_url(url)}", err=True)
    return url


def is_local_database(url: str) -> bool:
    """True for localhost, 127.0.0.1, ::1 and unix sockets (no host, or a socket folder)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    socket_dir = parsed.query.get("host")
    if isinstance(socket_dir, tuple):
        socket_dir = socket_dir[0] if socket_dir else None
    if socket_dir:
        return socket_dir.startswith("/")
    return not parsed.host or parsed.host.startswith("/") or parsed.host.lower() in LOCAL_HOSTS


def database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database or "")
