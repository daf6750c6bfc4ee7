"""Request dependencies of the item module: who may read and manage, the list's query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from shopfloor.core.security import Principal, require_permission
from shopfloor.item.schemas import ItemFilters

Reader = Annotated[Principal, Depends(require_permission("item:read"))]
Manager = Annotated[Principal, Depends(require_permission("item:manage"))]
Filters = Annotated[ItemFilters, Query()]
