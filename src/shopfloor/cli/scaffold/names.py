"""Module names: normalisation and every reason a name cannot become a module."""

from __future__ import annotations

import importlib.util
import keyword
import re
import sys
from collections.abc import Collection, Iterable
from dataclasses import dataclass

# PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1); a truncated constraint
# name would never match what the models declare.
PG_IDENTIFIER_LIMIT = 63

# Python 3.11 lists only `_`, `case` and `match`; `type` became soft in 3.12.
SOFT_KEYWORDS = frozenset({*keyword.softkwlist, "_", "case", "match", "type"})

# Names that would read as part of the platform or clash with project folders.
RESERVED_NAMES = frozenset(
    {
        "admin",
        "alembic",
        "api",
        "app",
        "cli",
        "common",
        "config",
        "constants",
        "core",
        "dependencies",
        "docs",
        "exceptions",
        "health",
        "lib",
        "main",
        "migrations",
        "models",
        "router",
        "schemas",
        "scripts",
        "service",
        "settings",
        "shared",
        "shopfloor",
        "src",
        "static",
        "templates",
        "test",
        "tests",
        "util",
        "utils",
    }
)

# Tables that exist in every database without a model: a module's table may not take the name.
SYSTEM_TABLES = {"alembic_version": "the table where Alembic records the applied migrations"}

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[\s\-]+")
_UNDERSCORES = re.compile(r"_{2,}")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


class NameRefusedError(ValueError):
    """Why a name cannot be used, with a better name when one is easy to propose."""

    def __init__(self, reason: str, suggestion: str | None = None) -> None:
        self.reason = reason
        self.suggestion = suggestion
        hint = f"; try {suggestion!r}" if suggestion else ""
        super().__init__(f"{reason}{hint}")


def normalise(raw: str) -> str:
    """`InspectionPlan`, `inspection-plan` and `Inspection Plan` become `inspection_plan`."""
    text = _CAMEL_BOUNDARY.sub("_", raw.strip())
    text = _SEPARATORS.sub("_", text).lower()
    return _UNDERSCORES.sub("_", text)


@dataclass(frozen=True)
class NameContext:
    """What the checks compare a name against: the current project's modules and tables."""

    modules: Collection[str] = ()
    tables: Collection[str] = ()
    # The modules `module new` made (their migration carries its marker); --force needs one.
    generated: Collection[str] = ()


def _shop_prefixed(name: str) -> str:
    return f"shop_{name}"


def check_module_name(name: str, context: NameContext, *, allow_existing: bool = False) -> None:
    """Raise `NameRefusedError` unless `name` (already normalised) can become a module."""
    check_spelling(name)
    if name in context.modules and not allow_existing:
        if name in context.generated:
            raise NameRefusedError(
                f"module {name!r} already exists (use --force to regenerate its files)"
            )
        raise NameRefusedError(
            f"module {name!r} already exists; choose another name (it was not made by "
            "`module new`, so --force cannot regenerate it)"
        )
    if name in context.tables and name not in context.modules:
        raise NameRefusedError(
            f"a table named {name!r} already exists in another module",
            _valid_suggestion(_shop_prefixed(name), context),
        )


def check_spelling(name: str) -> None:
    """The checks that need no project: identifier, keywords, standard library, reserved."""
    if not name:
        raise NameRefusedError("the module name is empty")
    if keyword.iskeyword(name):
        raise NameRefusedError(
            f"{name!r} is a Python keyword", _valid_suggestion(_shop_prefixed(name))
        )
    if name in SOFT_KEYWORDS:
        raise NameRefusedError(
            f"{name!r} is a Python soft keyword", _valid_suggestion(_shop_prefixed(name))
        )
    if not _IDENTIFIER.match(name):
        cleaned = _UNDERSCORES.sub("_", re.sub(r"[^a-z0-9_]", "_", name)).strip("_")
        if cleaned and not cleaned[0].isalpha():
            cleaned = _shop_prefixed(cleaned)
        raise NameRefusedError(
            f"{name!r} is not a valid identifier: use lower-case letters, digits and "
            "underscores, starting with a letter",
            _valid_suggestion(cleaned) if cleaned else None,
        )
    if name.endswith("_"):
        raise NameRefusedError(f"{name!r} ends with an underscore", name.rstrip("_") or None)
    if name in sys.stdlib_module_names:
        raise NameRefusedError(
            f"{name!r} is a standard-library module name",
            _valid_suggestion(_shop_prefixed(name)),
        )
    if name in SYSTEM_TABLES:
        raise NameRefusedError(
            f"{name!r} is {SYSTEM_TABLES[name]}", _valid_suggestion(_shop_prefixed(name))
        )
    if name in RESERVED_NAMES:
        raise NameRefusedError(
            f"{name!r} is reserved by the platform", _valid_suggestion(_shop_prefixed(name))
        )
    if _importable(name):
        raise NameRefusedError(
            f"{name!r} is already importable as a top-level package (an installed dependency)",
            _valid_suggestion(_shop_prefixed(name)),
        )


def check_identifier_lengths(identifiers: Iterable[str]) -> None:
    """Every table, index and constraint name must fit PostgreSQL's 63-byte limit."""
    for identifier in identifiers:
        size = len(identifier.encode("utf-8"))
        if size > PG_IDENTIFIER_LIMIT:
            raise NameRefusedError(
                f"the database name {identifier!r} would be {size} bytes, over PostgreSQL's "
                f"{PG_IDENTIFIER_LIMIT}-byte limit; choose a shorter module or field name"
            )


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _valid_suggestion(candidate: str, context: NameContext | None = None) -> str | None:
    try:
        check_spelling(candidate)
    except NameRefusedError:
        return None
    if context is not None and (candidate in context.modules or candidate in context.tables):
        return None
    return candidate
