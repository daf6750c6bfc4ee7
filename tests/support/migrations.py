"""Run Alembic against the test database, exactly as `shopfloor db upgrade` does."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from shopfloor.cli.migrations import alembic_config


def test_alembic_config(url: str) -> Config:
    config = alembic_config(url)
    # Keep pytest's logging set-up; alembic.ini would replace it.
    config.attributes["skip_logging_config"] = True
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(test_alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(test_alembic_config(url), revision)
