"""The declarative base of the test modules' tables.

It is the product's `Base` (table names from class names, `__repr__`, naming convention) but
with a metadata of its own, so the product's metadata, and every comparison of models against
migrations, never sees test tables. `organization` is declared as a bare stub so that the
`OrganizationScopedMixin` foreign key resolves inside this metadata.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, Table, Uuid

from shopfloor.core.models import NAMING_CONVENTION, Base


class PlatformBase(Base):
    __abstract__ = True
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


Table("organization", PlatformBase.metadata, Column("id", Uuid, primary_key=True))
