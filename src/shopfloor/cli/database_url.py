"""Pick the database for a CLI command and tell the user which one it is."""

from __future__ import annotations

import typer

from shopfloor.cli.errors import fail


def resolve_database_url() -> str:
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
    kind = " (embedded)" if embedded else ""
    typer.echo(f"Database{kind}: {describe_url(url)}", err=True)
    return url
