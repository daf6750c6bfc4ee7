"""Alembic, driven from Python: configuration, revisions and the commands built on them."""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.operations.ops import MigrationScript
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection

# `alembic_version.version_num` is VARCHAR(32).
MAX_REVISION_ID = 32
_SEQUENTIAL = re.compile(r"^(\d{4})_")


class MigrationError(RuntimeError):
    """A migration command could not do what was asked (one line)."""


class _CurrentStderr(logging.Handler):
    """Writes to whatever sys.stderr is when a record arrives (it may be replaced)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except (OSError, ValueError):
            self.handleError(record)


def _show_migration_progress() -> None:
    logger = logging.getLogger("alembic")
    if not any(isinstance(handler, _CurrentStderr) for handler in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # Which autogenerate plugins load is Alembic's business, not progress worth showing.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def alembic_config(url: str | None = None, *, quiet: bool = False) -> Config:
    """The project's Alembic configuration.

    The CLI shows Alembic's progress itself instead of applying the logging section of
    alembic.ini, which would replace the handlers of the whole process.
    """
    from alembic.config import Config

    from shopfloor.core.paths import project_root

    root = project_root()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "alembic"))
    config.attributes["skip_logging_config"] = True
    if url:
        # ConfigParser interpolation: a literal % in a password must be doubled.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if quiet:
        config.stdout = io.StringIO()
    else:
        _show_migration_progress()
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def heads() -> list[str]:
    return list(script_directory().get_heads())


def single_head() -> str | None:
    """The one head of the chain (None when there is no migration yet)."""
    found = heads()
    if len(found) > 1:
        raise MigrationError(
            f"the migrations have {len(found)} heads ({', '.join(sorted(found))}); "
            "merge them into one chain first"
        )
    return found[0] if found else None


def slugify(message: str) -> str:
    return "_".join(re.findall(r"[a-z0-9]+", message.lower())) or "revision"


def next_revision_id(head: str | None, slug: str) -> str:
    """`0006_<slug>` after `0005_...` (the project's numbering), at most 32 characters."""
    number = 1
    if head is not None:
        match = _SEQUENTIAL.match(head)
        if match is None:
            return _random_revision_id()
        number = int(match.group(1)) + 1
    return f"{number:04d}_{slug}"[:MAX_REVISION_ID].rstrip("_")


def _random_revision_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


# -- commands -------------------------------------------------------------------------------


def upgrade_database(url: str | None, revision: str = "head", *, sql: bool = False) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision, sql=sql)


def downgrade_database(url: str | None, revision: str, *, sql: bool = False) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision, sql=sql)


def current_revisions(url: str) -> list[str]:
    import asyncio

    from alembic.runtime.migration import MigrationContext

    def read(connection: Connection) -> list[str]:
        return list(MigrationContext.configure(connection).get_current_heads())

    return asyncio.run(_with_connection(url, read, rollback=True))


def history_lines() -> list[str]:
    script = script_directory()
    lines: list[str] = []
    head_set = set(script.get_heads())
    for revision in script.walk_revisions():
        marker = " (head)" if revision.revision in head_set else ""
        down = revision.down_revision or "<base>"
        message = (revision.doc or "").strip().splitlines()[0] if revision.doc else ""
        lines.append(f"{down} -> {revision.revision}{marker}, {message}")
    return lines


def create_revision(
    url: str | None,
    message: str,
    *,
    autogenerate: bool,
    tables: set[str] | None = None,
) -> str | None:
    """Write a new revision file; returns its path, or None when autogenerate found nothing.

    `tables` keeps only the operations on those tables (the tables of one module).
    """
    from alembic import command

    from shopfloor.core.paths import project_root

    head = single_head()
    rev_id = next_revision_id(head, slugify(message))
    if _exists(rev_id):
        rev_id = _random_revision_id()

    def keep_module_ops(
        context: MigrationContext, revision: Any, directives: list[MigrationScript]
    ) -> None:
        if not autogenerate or not directives:
            return
        script = directives[0]
        for upgrade_ops in script.upgrade_ops_list:
            if tables is not None:
                upgrade_ops.ops[:] = [
                    op for op in upgrade_ops.ops if getattr(op, "table_name", None) in tables
                ]
        for downgrade_ops in script.downgrade_ops_list:
            if tables is not None:
                downgrade_ops.ops[:] = [
                    op for op in downgrade_ops.ops if getattr(op, "table_name", None) in tables
                ]
        if all(ops.is_empty() for ops in script.upgrade_ops_list):
            directives[:] = []

    config = alembic_config(url)
    result = command.revision(
        config,
        message=message,
        autogenerate=autogenerate,
        rev_id=rev_id,
        process_revision_directives=keep_module_ops,
    )
    scripts = result if isinstance(result, list) else [result]
    written = [str(script.path) for script in scripts if script is not None]
    if not written:
        return None
    path = written[0]
    root = str(project_root())
    return path[len(root) + 1 :] if path.startswith(root + "/") else path


def _exists(rev_id: str) -> bool:
    try:
        return script_directory().get_revision(rev_id) is not None
    except Exception:  # alembic raises several kinds of lookup errors
        return False


def schema_drift(url: str) -> list[str]:
    """How the models differ from the schema the migrations build, one line per difference.

    Runs every pending migration and the comparison inside one transaction that is rolled
    back, so the database is never changed (PostgreSQL DDL is transactional).
    """
    import asyncio

    return asyncio.run(_with_connection(url, _compare_in_transaction, rollback=True))


def _compare_in_transaction(connection: Connection) -> list[str]:
    from alembic import command
    from alembic.util.exc import AutogenerateDiffsDetected

    config = alembic_config(quiet=True)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    try:
        command.check(config)
    except AutogenerateDiffsDetected as exc:
        return [describe_diff(diff) for diff in _flatten(exc.diffs)]
    return []


def _flatten(diffs: Sequence[Any]) -> list[tuple[Any, ...]]:
    flat: list[tuple[Any, ...]] = []
    for diff in diffs:
        if isinstance(diff, list):
            flat.extend(diff)
        else:
            flat.append(diff)
    return flat


def describe_diff(diff: tuple[Any, ...]) -> str:
    kind = str(diff[0])
    if kind in ("add_table", "remove_table"):
        return f"{kind.replace('_', ' ')} {diff[1].name}"
    if kind in ("add_column", "remove_column"):
        return f"{kind.replace('_', ' ')} {diff[2]}.{diff[3].name}"
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        item = diff[1]
        return f"{kind.replace('_', ' ')} {item.name} on {item.table.name}"
    if kind in ("add_fk", "remove_fk"):
        item = diff[1]
        return f"{kind.replace('_', ' ')} {item.name} on {item.parent.name}"
    if kind.startswith("modify_"):
        return f"{kind.replace('_', ' ')} {diff[2]}.{diff[3]}: {diff[-2]!r} -> {diff[-1]!r}"
    return kind + " " + " ".join(str(part) for part in diff[1:])[:200]


async def _with_connection(url: str, work: Any, *, rollback: bool) -> Any:
    from sqlalchemy import pool
    from sqlalchemy.ext.asyncio import create_async_engine

    from shopfloor.core.database import async_url

    engine = create_async_engine(async_url(url), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.begin()
            try:
                return await connection.run_sync(work)
            finally:
                if rollback:
                    await connection.rollback()
    finally:
        await engine.dispose()
