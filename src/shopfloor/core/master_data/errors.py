"""The errors of master data, found on the module that declares them.

A module's `exceptions.py` keeps its own classes (other modules catch them by name); their
base class says what each one answers:

- a `NotFoundError`: the row does not exist or is another organisation's (404);
- a `ValueTakenError`: the unique field `field` holds a value already in use (409);
- an `InactiveError`: the row is deactivated and may not be used (409).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import ClassVar

from shopfloor.core.envelope import DuplicateValueDetail
from shopfloor.core.errors import AppError, ConflictError, NotFoundError, example


class ValueTakenError(ConflictError):
    field: ClassVar[str] = "code"
    detail_model = DuplicateValueDetail


class InactiveError(ConflictError):
    example_params = example(code="CNC-01")


@dataclass(frozen=True)
class MasterDataErrors:
    not_found: type[AppError]
    taken: Mapping[str, type[AppError]] = field(default_factory=dict)
    # None: the resource's rows are never inactive.
    inactive: type[AppError] | None = None

    @classmethod
    def of(cls, exceptions: ModuleType) -> MasterDataErrors:
        """The error classes defined in `exceptions` (imported ones are not its own)."""
        own = [
            value
            for value in vars(exceptions).values()
            if isinstance(value, type)
            and issubclass(value, AppError)
            and value.__module__ == exceptions.__name__
        ]
        not_found = [error for error in own if issubclass(error, NotFoundError)]
        if len(not_found) != 1:
            raise LookupError(f"{exceptions.__name__} must define one NotFoundError")
        inactive = [error for error in own if issubclass(error, InactiveError)]
        return cls(
            not_found=not_found[0],
            taken={error.field: error for error in own if issubclass(error, ValueTakenError)},
            inactive=inactive[0] if inactive else None,
        )
