"""Tables of the routing module: routings and their operations.

`version` is the routing's version number (1, 2, ... per item and code, set by the server);
the row's optimistic-locking counter, sent as the ETag, is `revision`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from shopfloor.core.master_data.models import CODE_MAX_LENGTH
from shopfloor.core.models import (
    Base,
    OrganizationScopedMixin,
    TimestampMixin,
    UUIDPrimaryKeyMixin,
)
from shopfloor.routing.constants import (
    DEFAULT_INDEX,
    INSTRUCTIONS_MAX_LENGTH,
    OPERATION_NAME_MAX_LENGTH,
    OPERATIONS_MAX,
    RUN_S_PER_UNIT_MAX,
    SEQ_MAX,
    SEQ_MIN,
    SETUP_MIN_MAX,
    STATUS_MAX_LENGTH,
    RoutingStatus,
)

_STATUSES = ", ".join(f"'{status.value}'" for status in RoutingStatus)


class Routing(UUIDPrimaryKeyMixin, OrganizationScopedMixin, TimestampMixin, Base):
    """One version of how an item is made; frozen once released."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("code", "version", "status")
    __table_args__ = (
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        # Version numbers per item and code; also serves the list's `item_id` filter.
        UniqueConstraint("organization_id", "item_id", "code", "version"),
        # At most one released default per item, whatever races the releases run.
        Index(
            DEFAULT_INDEX,
            "item_id",
            unique=True,
            postgresql_where=text(f"is_default AND status = '{RoutingStatus.RELEASED.value}'"),
        ),
        # The list's `status` filter and its order.
        Index("ix_routing_organization_id_status", "organization_id", "status", "code", "version"),
        # The unfiltered list's order.
        Index("ix_routing_organization_id_code", "organization_id", "code", "version"),
    )

    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"))
    # Collation "C" like master-data codes: stored upper case, compared byte by byte.
    code: Mapped[str] = mapped_column(String(CODE_MAX_LENGTH, collation="C"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(
        String(STATUS_MAX_LENGTH),
        default=RoutingStatus.DRAFT.value,
        server_default=RoutingStatus.DRAFT.value,
    )
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    copied_from_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("routing.id", ondelete="RESTRICT")
    )
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    obsoleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    operations: Mapped[list[RoutingOperation]] = relationship(
        back_populates="routing",
        order_by=lambda: [RoutingOperation.seq, RoutingOperation.position],
        lazy="raise",
    )

    @declared_attr.directive
    def __mapper_args__(self) -> dict[str, Any]:
        # `revision` is the optimistic lock: every UPDATE checks and raises it.
        return {"version_id_col": self.__table__.c.revision, "eager_defaults": True}


class RoutingOperation(UUIDPrimaryKeyMixin, OrganizationScopedMixin, Base):
    """One step of a routing; steps that share `seq` run in parallel."""

    __repr_attrs__: ClassVar[tuple[str, ...]] = ("seq", "name")
    __table_args__ = (
        CheckConstraint(f"position BETWEEN 0 AND {OPERATIONS_MAX - 1}", name="position"),
        CheckConstraint(f"seq BETWEEN {SEQ_MIN} AND {SEQ_MAX}", name="seq"),
        CheckConstraint(f"setup_min BETWEEN 0 AND {SETUP_MIN_MAX}", name="setup_min"),
        CheckConstraint(
            f"run_s_per_unit BETWEEN 0 AND {RUN_S_PER_UNIT_MAX}", name="run_s_per_unit"
        ),
        # A routing's operations, read in one statement.
        UniqueConstraint("routing_id", "position"),
    )

    routing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("routing.id", ondelete="CASCADE"))
    # Where the operation stands in the list as sent (the order within one `seq`).
    position: Mapped[int] = mapped_column(SmallInteger)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(OPERATION_NAME_MAX_LENGTH))
    work_center_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("work_center.id", ondelete="RESTRICT")
    )
    setup_min: Mapped[float] = mapped_column(Double)
    run_s_per_unit: Mapped[float] = mapped_column(Double)
    instructions: Mapped[str | None] = mapped_column(String(INSTRUCTIONS_MAX_LENGTH))

    routing: Mapped[Routing] = relationship(back_populates="operations", lazy="raise")
