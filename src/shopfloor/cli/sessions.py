"""One database transaction for a CLI command, and service errors as one readable line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from shopfloor.core.errors import AppError

T = TypeVar("T")


def run_in_transaction(url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one transaction: committed when it returns, rolled back if it raises."""
    return asyncio.run(_in_transaction(url, work))


async def _in_transaction(url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    from shopfloor.core.config import get_settings
    from shopfloor.core.database import create_engine, create_session_factory

    engine = create_engine(get_settings(), url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


def describe_app_error(exc: AppError) -> str:
    """`CODE: message (field: detail)` in English, from the installed modules' catalogues."""
    from shopfloor.core.i18n import MessageBook
    from shopfloor.core.messages import CORE_MESSAGES
    from shopfloor.core.registry import discover_modules

    book = MessageBook(CORE_MESSAGES, *(m.messages for m in discover_modules().values()))
    text = f"{exc.code}: {book.render(exc.code, 'en', exc.params)}"
    if exc.details:
        detail = exc.details[0]
        where = ".".join(str(part) for part in detail.get("loc") or []) or "input"
        message = detail.get("message") or book.render(str(detail.get("code", "")), "en")
        text += f" ({where}: {message})"
    return text
