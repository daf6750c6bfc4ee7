"""Request dependencies of the customer module: who may read and manage, the list's query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from shopfloor.core.security import Principal, require_permission
from shopfloor.customer.schemas import CustomerFilters

Reader = Annotated[Principal, Depends(require_permission("customer:read"))]
Manager = Annotated[Principal, Depends(require_permission("customer:manage"))]
Filters = Annotated[CustomerFilters, Query()]
