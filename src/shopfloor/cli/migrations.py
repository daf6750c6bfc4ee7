"""Alembic, driven from Python: the configuration and the upgrade used by several commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    from shopfloor.core.paths import project_root

    root = project_root()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "alembic"))
    if url:
        # ConfigParser interpolation: a literal % in a password must be doubled.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str | None, revision: str = "head", *, sql: bool = False) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision, sql=sql)
