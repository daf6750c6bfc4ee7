"""Request dependencies of the work center module: who may read and manage, the list's query."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from shopfloor.core.security import Principal, require_permission
from shopfloor.work_center.schemas import WorkCenterFilters

Reader = Annotated[Principal, Depends(require_permission("work_center:read"))]
Manager = Annotated[Principal, Depends(require_permission("work_center:manage"))]
Filters = Annotated[WorkCenterFilters, Query()]
