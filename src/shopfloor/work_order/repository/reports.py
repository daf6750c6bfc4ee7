"""Production reports: the statements over the append-only report table."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased, with_expression

from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.repository import ScopedRepository
from shopfloor.work_order.models import ProductionReport

_Reversal = aliased(ProductionReport, name="reversal")
# The reversal of the report in the outer statement (the unique index answers it).
_REVERSED_BY = (
    select(_Reversal.id)
    .where(_Reversal.reverses_id == ProductionReport.id)
    .correlate(ProductionReport)
    .scalar_subquery()
)


class ProductionReportRepository(ScopedRepository[ProductionReport]):
    """One organisation's reports. Reports are only added, never changed nor deleted."""

    model = ProductionReport

    def of_dispatch(self, dispatch_id: uuid.UUID) -> Select[ProductionReport]:
        """A dispatch's reports, oldest first (the id breaks ties within one microsecond),
        each with the reversal that took it back."""
        return (
            self.base_statement()
            .where(ProductionReport.dispatch_id == dispatch_id)
            .options(with_expression(ProductionReport.reversed_by_id, _REVERSED_BY))
            .order_by(ProductionReport.created_at, ProductionReport.id)
        )

    async def page_of_dispatch(
        self, dispatch_id: uuid.UUID, params: PageParams
    ) -> Page[ProductionReport]:
        return await self.paginate(self.of_dispatch(dispatch_id), params)

    async def reversal_of(self, report_id: uuid.UUID) -> uuid.UUID | None:
        """The id of the report's reversal, if it has one."""
        statement = self.select_columns(ProductionReport.id).where(
            ProductionReport.reverses_id == report_id
        )
        reversal_id: uuid.UUID | None = (await self.db_session.execute(statement)).scalar()
        return reversal_id
