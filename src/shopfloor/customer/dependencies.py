"""Request dependencies of the customer module: who may read and manage, the list's query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from shopfloor.core.security import Principal, require_permission
from shopfloor.customer.constants import PERMISSION_MANAGE, PERMISSION_READ
from shopfloor.customer.schemas import CustomerFilters

Reader = Annotated[Principal, Depends(require_permission(PERMISSION_READ))]
Manager = Annotated[Principal, Depends(require_permission(PERMISSION_MANAGE))]
Filters = Annotated[CustomerFilters, Query()]
