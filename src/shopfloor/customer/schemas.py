"""Request and response bodies of the customer module (also its public read model)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from shopfloor.core.master_data import schemas as master
from shopfloor.core.text import SingleLine
from shopfloor.customer.constants import (
    CONTACT_NAME_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    EMAIL_PATTERN,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    PHONE_PATTERN,
)

ContactName = Annotated[
    str,
    SingleLine(max_length=CONTACT_NAME_MAX_LENGTH),
    master.BlankIsNone,
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
CustomerCode = Annotated[master.Code, Field(examples=["ACME"])]
CustomerName = Annotated[
    str, master.name_rules(NAME_MAX_LENGTH), Field(examples=["Acme Precision Co., Ltd."])
]


class CustomerCreate(master.StrictBody):
    code: CustomerCode
    name: CustomerName
    contact_name: ContactName | None = None
    contact_email: ContactEmail | None = None
    contact_phone: ContactPhone | None = None


class CustomerUpdate(master.StrictBody):
    """A partial update: only the fields sent change; null clears a contact field."""

    code: master.Omittable[CustomerCode] = None
    name: master.Omittable[CustomerName] = None
    contact_name: ContactName | None = None
    contact_email: ContactEmail | None = None
    contact_phone: ContactPhone | None = None


class CustomerRead(master.CodedRead):
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    active: bool
    version: int = Field(description="Send it back in If-Match to change the customer.")
    created_at: datetime
    updated_at: datetime


class CustomerFilters(master.MasterDataFilters):
    sort: master.MasterDataSort = Field(
        default=master.MasterDataSort.CODE, description=master.SORT_DESCRIPTION
    )
