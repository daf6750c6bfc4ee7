"""Classify database exceptions: unavailable (503), unique violation (409), conflict,
a value the database cannot take (422), other.

With asyncpg behind SQLAlchemy the same outage arrives as many types: a pool timeout, a
`DBAPIError` whose connection was invalidated, plain `OSError`/`ConnectionRefusedError` from
the socket, raw asyncpg connection errors, or a statement cancelled by `statement_timeout`
(SQLSTATE 57014). So we look at the whole exception chain and at SQLSTATE codes instead of
catching `OperationalError` alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm.exc import StaleDataError

# SQLSTATE codes meaning "the database cannot serve this now; try again".
UNAVAILABLE_SQLSTATES = frozenset(
    {
        "57014",  # query_canceled (statement_timeout)
        "55P03",  # lock_not_available (lock_timeout)
        "57P01",  # admin_shutdown
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now
        "53300",  # too_many_connections
        "53000",  # insufficient_resources
    }
)
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock
UNIQUE_VIOLATION = "23505"
# Data exceptions caused by a value the request sent, which validation should have refused.
INVALID_VALUE_SQLSTATES = frozenset(
    {
        "22021",  # character_not_in_repertoire (a NUL in text)
        "22P05",  # untranslatable_character
        "22008",  # datetime_field_overflow
        "22003",  # numeric_value_out_of_range
    }
)
# asyncpg's own DataError: it could not encode a query argument, so nothing was sent.
_DRIVER_DATA_EXCEPTION = "22000"
# What asyncpg wraps when the value itself is the problem: a date that overflows on the way
# to UTC, an integer beyond the column type, text it cannot encode. A TypeError (a str for
# an integer) is a programming mistake and stays a 500.
_DRIVER_VALUE_ERRORS = (OverflowError, UnicodeEncodeError)

_ASYNCPG_UNAVAILABLE_NAMES = frozenset(
    {
        "ConnectionDoesNotExistError",
        "ConnectionFailureError",
        "ConnectionRejectionError",
        "PostgresConnectionError",
        "CannotConnectNowError",
        "TooManyConnectionsError",
        "AdminShutdownError",
        "CrashShutdownError",
        "QueryCanceledError",
    }
)


def exception_chain(exc: BaseException, limit: int = 10) -> Iterator[BaseException]:
    """`exc`, the DBAPI error it wraps, and their causes, each once."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending and len(seen) < limit:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        for nested in (orig, current.__cause__, current.__context__):
            if isinstance(nested, BaseException):
                pending.append(nested)


def sqlstate_of(exc: BaseException) -> str | None:
    for item in exception_chain(exc):
        state = getattr(item, "sqlstate", None) or getattr(item, "pgcode", None)
        if isinstance(state, str) and len(state) == 5:
            return state
    return None


def constraint_name_of(exc: BaseException) -> str | None:
    for item in exception_chain(exc):
        name = getattr(item, "constraint_name", None)
        if isinstance(name, str) and name:
            return name
    return None


def is_database_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.IntegrityError):
        return False
    for item in exception_chain(exc):
        if isinstance(item, sa_exc.TimeoutError):  # pool exhausted
            return True
        if isinstance(item, sa_exc.DBAPIError) and item.connection_invalidated:
            return True
        if isinstance(item, sa_exc.DisconnectionError):
            return True
        if isinstance(item, OSError) and _raised_by_database_code(item):
            return True  # ConnectionRefusedError, TimeoutError, socket errors of the driver
        if type(item).__name__ in _ASYNCPG_UNAVAILABLE_NAMES and "asyncpg" in type(item).__module__:
            return True
    state = sqlstate_of(exc)
    return state is not None and (state in UNAVAILABLE_SQLSTATES or state.startswith("08"))


_DATABASE_PACKAGES = ("asyncpg", "sqlalchemy")


def _raised_by_database_code(exc: BaseException) -> bool:
    """True when the traceback passes through the driver or SQLAlchemy.

    `OSError` covers a refused socket and a connect timeout, but also a missing file or an
    expired `asyncio.timeout` in a handler; only the first kind means the database is away.
    """
    traceback = exc.__traceback__
    while traceback is not None:
        module = traceback.tb_frame.f_globals.get("__name__", "")
        if isinstance(module, str) and module.split(".", 1)[0] in _DATABASE_PACKAGES:
            return True
        traceback = traceback.tb_next
    return False


def is_unique_violation(exc: BaseException) -> bool:
    return isinstance(exc, sa_exc.IntegrityError) and sqlstate_of(exc) == UNIQUE_VIOLATION


def is_invalid_value(exc: BaseException) -> bool:
    """A data exception caused by the request's values: out of range, or text PostgreSQL
    cannot store."""
    state = sqlstate_of(exc)
    if state in INVALID_VALUE_SQLSTATES:
        return True
    if state != _DRIVER_DATA_EXCEPTION:
        return False
    chain = list(exception_chain(exc))
    return any(
        type(item).__name__ == "DataError" and "asyncpg" in type(item).__module__ for item in chain
    ) and any(isinstance(item, _DRIVER_VALUE_ERRORS) for item in chain)


def is_concurrency_conflict(exc: BaseException) -> bool:
    if isinstance(exc, StaleDataError):
        return True
    return sqlstate_of(exc) in CONFLICT_SQLSTATES
