"""Request and response bodies of the customer module (also its public read model)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from shopfloor.core.text import SingleLine
from shopfloor.customer.constants import (
    CODE_MAX_LENGTH,
    CODE_PATTERN,
    CONTACT_NAME_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    EMAIL_PATTERN,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    PHONE_PATTERN,
    CustomerSort,
)


def _blank_to_none(value: str) -> str | None:
    return value or None


def _reject_null(value: object) -> object:
    # Runs only for values the client sent: omitting a field keeps it, null is an error.
    if value is None:
        raise PydanticCustomError("not_nullable", "This field cannot be null.")
    return value


CustomerCode = Annotated[
    str,
    StringConstraints(max_length=CODE_MAX_LENGTH, pattern=CODE_PATTERN),
    AfterValidator(str.upper),
    Field(
        description="Unique per organisation; letters, digits, '.', '_', '-'; stored upper case.",
        examples=["ACME"],
    ),
]
CustomerName = Annotated[
    str,
    SingleLine(min_length=1, max_length=NAME_MAX_LENGTH),
    Field(examples=["Acme Precision Co., Ltd."]),
]
ContactName = Annotated[
    str,
    SingleLine(max_length=CONTACT_NAME_MAX_LENGTH),
    AfterValidator(_blank_to_none),
    Field(description="Blank means none.", examples=["Lin Mei-Ling"]),
]
ContactEmail = Annotated[
    str,
    SingleLine(max_length=EMAIL_MAX_LENGTH, pattern=EMAIL_PATTERN),
    Field(examples=["purchasing@acme.example"]),
]
ContactPhone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=PHONE_MAX_LENGTH, pattern=PHONE_PATTERN),
    Field(examples=["+886 2 2345-6789"]),
]


class CustomerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: CustomerCode
    name: CustomerName
    contact_name: ContactName | None = None
    contact_email: ContactEmail | None = None
    contact_phone: ContactPhone | None = None


class CustomerUpdate(BaseModel):
    """A partial update: only the fields sent change; null clears a contact field."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[CustomerCode | None, AfterValidator(_reject_null)] = None
    name: Annotated[CustomerName | None, AfterValidator(_reject_null)] = None
    contact_name: ContactName | None = None
    contact_email: ContactEmail | None = None
    contact_phone: ContactPhone | None = None


class CustomerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    code: str
    name: str
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    active: bool
    version: int = Field(description="Send it back in If-Match to change the customer.")
    created_at: datetime
    updated_at: datetime


class CustomerFilters(BaseModel):
    """The list's query: search, filter and ordering (built by a dependency)."""

    model_config = ConfigDict(frozen=True)

    q: str | None = None
    active: bool | None = None
    sort: CustomerSort = CustomerSort.CODE
