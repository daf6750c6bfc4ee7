"""The request rules master data shares: codes, names, strict bodies, partial updates.

    class CustomerCreate(StrictBody):
        code: Code
        name: Name

    class CustomerUpdate(StrictBody):
        code: Omittable[Code] = None  # may be omitted, never null

A list's query is a `MasterDataFilters` with the module's own filters and a `sort` field
(see `repository.py` for what each name filters).
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from shopfloor.core.master_data.models import CODE_MAX_LENGTH, CODE_PATTERN
from shopfloor.core.partial import Omittable as Omittable  # for the modules built on it
from shopfloor.core.text import SingleLine

SEARCH_MAX_LENGTH: Final = 100


def blank_to_none(value: str) -> str | None:
    return value or None


BlankIsNone = AfterValidator(blank_to_none)

Code = Annotated[
    str,
    StringConstraints(max_length=CODE_MAX_LENGTH, pattern=CODE_PATTERN),
    AfterValidator(str.upper),
    Field(
        description="Unique per organisation; letters, digits, '.', '_', '-'; stored upper case."
    ),
]


def name_rules(max_length: int) -> SingleLine:
    """A required name: one line, stripped, 1 to `max_length` characters."""
    return SingleLine(min_length=1, max_length=max_length)


class StrictBody(BaseModel):
    """A request body that refuses unknown and server-managed fields."""

    model_config = ConfigDict(extra="forbid")


class MasterDataRead(BaseModel):
    """Base of a read model; each declares every field itself, in the order it answers."""

    model_config = ConfigDict(from_attributes=True)

    if TYPE_CHECKING:
        id: uuid.UUID
        version: int


class CodedRead(MasterDataRead):
    """The fields a coded resource answers with first; each adds its own after them."""

    id: uuid.UUID
    organization_id: uuid.UUID
    code: str
    name: str


class MasterDataSort(StrEnum):
    """List orderings; the id always breaks ties so pages never overlap."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # Client generators name a member after its value, and "-code" has no name of its
        # own (VALUE_1); openapi-python-client and openapi-typescript read these instead.
        json_schema = handler.resolve_ref_schema(handler(schema))
        json_schema["x-enum-varnames"] = [member.name for member in cls]
        return json_schema

    CODE = "code"
    CODE_DESC = "-code"
    NAME = "name"
    NAME_DESC = "-name"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"


# Stripped by the filter itself, so a blank search lists everything.
SearchText = Annotated[str, SingleLine(max_length=SEARCH_MAX_LENGTH, strip_whitespace=False)]
SORT_DESCRIPTION: Final = "Order; '-' for descending; ties break on id."


class MasterDataFilters(BaseModel):
    """A list's query string: the search and the activation filter; modules add theirs."""

    model_config = ConfigDict(frozen=True)

    q: SearchText | None = Field(
        default=None,
        description="Code prefix or part of the name, case-insensitive; blank means all.",
    )
    active: bool | None = Field(default=None, description="Only active (true) or inactive.")

    @field_validator("q")
    @classmethod
    def _blank_means_all(cls, value: str | None) -> str | None:
        return (value or "").strip() or None


class ImportSummaryRead(BaseModel):
    """What an import did, or (a dry run) would do."""

    dry_run: bool = Field(description="True: nothing was written; the counts say what would be.")
    rows: int = Field(description="Data rows in the file (blank lines not counted).")
    created: int = Field(description="Rows whose code was new: created.")
    updated: int = Field(description="Rows whose code existed with other values: updated.")
    unchanged: int = Field(description="Rows already as in the file: no new version, no audit.")
