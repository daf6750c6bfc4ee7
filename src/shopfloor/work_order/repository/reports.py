"""Production reports: the statements over the append-only report table."""

from __future__ import annotations

import uuid

from sqlalchemy import Select

from shopfloor.core.pagination import Page, PageParams
from shopfloor.core.repository import ScopedRepository
from shopfloor.work_order.models import ProductionReport


class ProductionReportRepository(ScopedRepository[ProductionReport]):
    """One organisation's reports. Reports are only added, never changed nor deleted."""

    model = ProductionReport

    def of_dispatch(self, dispatch_id: uuid.UUID) -> Select[ProductionReport]:
        """A dispatch's reports, oldest first (the id breaks ties within one microsecond)."""
        return (
            self.base_statement()
            .where(ProductionReport.dispatch_id == dispatch_id)
            .order_by(ProductionReport.created_at, ProductionReport.id)
        )

    async def page_of_dispatch(
        self, dispatch_id: uuid.UUID, params: PageParams
    ) -> Page[ProductionReport]:
        return await self.paginate(self.of_dispatch(dispatch_id), params)
