"""The embedded PostgreSQL: data under .data/ in dev, a temporary folder in tests.

The smoke test starts it even when TEST_DATABASE_URL points at a real server, so the path a
newcomer takes on a fresh machine is always exercised.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from shopfloor.core.config import AppEnv, AppSettings
from shopfloor.core.embedded_db import (
    EmbeddedDatabaseUnavailableError,
    database_url_or_embedded,
    describe_url,
    embedded_data_dir,
)
from shopfloor.core.paths import project_root
from shopfloor.main import create_app
from tests.platform.asgi import lifespan
from tests.platform.conftest import http_client
from tests.support import migrations


def test_dev_keeps_its_data_under_the_ignored_data_folder() -> None:
    settings = AppSettings(app_env="dev")

    assert embedded_data_dir(settings) == project_root() / ".data" / "postgres"
    ignored = (project_root() / ".gitignore").read_text(encoding="utf-8").split()
    assert ".data/" in ignored


def test_an_explicit_folder_wins_in_every_environment(tmp_path: Path) -> None:
    for app_env in ("dev", "test"):
        settings = AppSettings(app_env=app_env, embedded_db_dir=str(tmp_path / "pg"))

        assert embedded_data_dir(settings) == tmp_path / "pg"


def test_a_relative_folder_is_relative_to_the_project_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPFLOOR_ROOT", str(tmp_path))

    settings = AppSettings(app_env="dev", embedded_db_dir="var/pg")

    assert embedded_data_dir(settings) == tmp_path / "var" / "pg"


def test_tests_use_one_temporary_folder_outside_the_project() -> None:
    first = embedded_data_dir(AppSettings(app_env="test"))
    second = embedded_data_dir(AppSettings(app_env="test"))

    assert first == second
    assert not first.is_relative_to(project_root())
    assert first.parent.is_dir()


def test_prod_never_starts_the_embedded_server() -> None:
    settings = AppSettings.model_construct(app_env=AppEnv.PROD, database_url=None)

    with pytest.raises(EmbeddedDatabaseUnavailableError, match="DATABASE_URL is required"):
        database_url_or_embedded(settings)


def test_a_configured_url_is_used_as_is() -> None:
    settings = AppSettings(app_env="dev", database_url="postgresql://app:pw@db:5432/mes")

    assert database_url_or_embedded(settings) == "postgresql://app:pw@db:5432/mes"
    assert describe_url("postgresql://app:pw@db:5432/mes") == "postgresql://app:***@db:5432/mes"
    assert describe_url("postgresql://postgres:@/shopfloor?host=/tmp/pg") == (
        "postgresql://postgres@/shopfloor?host=%2Ftmp%2Fpg"
    )


@pytest.mark.slow
def test_the_embedded_server_starts_migrates_and_serves(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("EMBEDDED_DB_DIR", raising=False)
    settings = AppSettings(app_env="test", enabled_modules=[], log_level="INFO")
    assert settings.database_url is None
    caplog.set_level(logging.INFO, logger="shopfloor")

    url = database_url_or_embedded(settings)
    migrations.upgrade(url)
    app = create_app(settings, configure_logs=False)

    async def probe() -> int:
        async with lifespan(app), http_client(app) as client:
            return (await client.get("/health/ready")).status_code

    status = asyncio.run(probe())

    data_dir = embedded_data_dir(settings)
    assert status == 200
    assert (data_dir / "PG_VERSION").is_file()
    assert not data_dir.is_relative_to(project_root())
    assert make_url(url).drivername == "postgresql+asyncpg"
    assert make_url(url).database == "shopfloor"
    messages = [record.getMessage() for record in caplog.records]
    assert f"database: {describe_url(url)}" in messages
    assert f"embedded PostgreSQL running, data in {data_dir}" in messages
