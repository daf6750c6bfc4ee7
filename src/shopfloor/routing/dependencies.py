"""Request dependencies of the routing module: who may read and manage, ids, bodies, queries."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body, Depends, Path, Query

from shopfloor.core.security import Principal, require_permission
from shopfloor.routing.constants import PERMISSION_MANAGE, PERMISSION_READ
from shopfloor.routing.schemas import RoutingCreate, RoutingFilters, RoutingUpdate

Reader = Annotated[Principal, Depends(require_permission(PERMISSION_READ))]
Manager = Annotated[Principal, Depends(require_permission(PERMISSION_MANAGE))]
RoutingId = Annotated[uuid.UUID, Path(description="The routing's id.")]
Filters = Annotated[RoutingFilters, Query()]

# Ids of the example: a shaft turned at a lathe, then milled.
_ITEM_ID = "0193a5c1-6c0d-7e4f-8a2b-4d6f8a0c2e61"
_LATHE_ID = "0193a5c1-2e6f-7b90-a4c8-1f3d5e7a9b41"
_MILL_ID = "0193a5c1-3f70-7ca1-b5d9-2a4e6f8b0c52"

NewRouting = Annotated[
    RoutingCreate,
    Body(
        openapi_examples={
            "two_operations": {
                "summary": "Two operations",
                "value": {
                    "item_id": _ITEM_ID,
                    "code": "STD",
                    "is_default": True,
                    "operations": [
                        {
                            "seq": 10,
                            "name": "Turning",
                            "work_center_id": _LATHE_ID,
                            "setup_min": 15,
                            "run_s_per_unit": 42.5,
                            "instructions": "Chuck on the 30 mm side.",
                        },
                        {
                            "seq": 20,
                            "name": "Milling",
                            "work_center_id": _MILL_ID,
                            "setup_min": 30,
                            "run_s_per_unit": 60,
                        },
                    ],
                },
            }
        }
    ),
]
RoutingChange = Annotated[
    RoutingUpdate,
    Body(
        openapi_examples={
            "not_default": {"summary": "Not the default", "value": {"is_default": False}},
        }
    ),
]
