"""The customer table."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shopfloor.core.master_data.models import CodedMixin, MasterDataModel, coded_table_args
from shopfloor.customer.constants import (
    CONTACT_NAME_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
)


class Customer(CodedMixin, MasterDataModel):
    """Who a work order is made for. Deactivated, never deleted: orders refer to it."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("code",)
    __table_args__ = coded_table_args("customer")

    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    contact_name: Mapped[str | None] = mapped_column(String(CONTACT_NAME_MAX_LENGTH))
    contact_email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH))
    contact_phone: Mapped[str | None] = mapped_column(String(PHONE_MAX_LENGTH))
