"""The errors of master data, found on the module that declares them.

A module's `exceptions.py` keeps its own classes (other modules catch them by name); their
base class says what each one answers:

- a `NotFoundError`: the row does not exist or is another organisation's (404);
- a `ValueTakenError`: the unique field `field` holds a value already in use (409);
- an `InactiveError`: the row is deactivated and may not be used (409).

The errors of a CSV import and export are the same for every resource and live here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import ClassVar

from pydantic import Field

from shopfloor.core.envelope import DuplicateValueDetail, ErrorDetail
from shopfloor.core.errors import (
    AppError,
    ConflictError,
    NotFoundError,
    ValidationFailedError,
    example,
)


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


# -- CSV import and export (the same codes for every master-data resource) -------------------


class ImportProblemDetail(ErrorDetail):
    """One problem of an imported file: where it is and which rule it breaks."""

    loc: list[str | int] = Field(
        description="['body', line] or ['body', line, column].", examples=[["body", 3, "name"]]
    )
    line: int = Field(description="The file's line (1 is the header), where the row starts.")
    column: str | None = Field(default=None, description="The column, when one cell is wrong.")


class ImportInvalidRowsError(ValidationFailedError):
    """Some rows break the fields' rules; nothing was imported."""

    code = "IMPORT_INVALID_ROWS"
    detail_model = ImportProblemDetail
    example_params = example(count=2)


class ImportInvalidHeaderError(ValidationFailedError):
    """The first line names a column twice, an unknown one, or misses a required one."""

    code = "IMPORT_INVALID_HEADER"
    detail_model = ImportProblemDetail


class ImportMalformedError(ValidationFailedError):
    """The body is not a CSV file this server reads: not UTF-8, empty, or broken quoting."""

    code = "IMPORT_MALFORMED_CSV"
    detail_model = ImportProblemDetail


class ImportTooManyRowsError(AppError):
    code = "IMPORT_TOO_MANY_ROWS"
    status_code = 413
    example_params = example(limit=5000)


class ExportTooManyRowsError(ValidationFailedError):
    """More rows match than one export answers; the filters must select fewer."""

    code = "EXPORT_TOO_MANY_ROWS"
    example_params = example(limit=5000)
