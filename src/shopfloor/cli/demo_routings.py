"""The demo plant's routings, drafted and released as their items' defaults.

Each routing of `demo_plant.ROUTINGS` is created as version 1 of its code by the planner,
through the routing service as `POST /routings` and `POST /routings/{id}/release` would,
so it is checked and audited like a client's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopfloor.routing import schemas as routing_schemas
from shopfloor.routing import service as routing_service

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncSession

    from shopfloor.cli.demo_plant import ItemRouting
    from shopfloor.core.security import Principal


async def release_default_routings(
    db_session: AsyncSession,
    planner: Principal,
    routings: Sequence[ItemRouting],
    *,
    items: dict[str, uuid.UUID],
    work_centers: dict[str, uuid.UUID],
) -> None:
    """Create each routing as a draft marked default, then release it."""
    for routing in routings:
        draft = await routing_service.create_routing(
            db_session=db_session,
            organization_id=planner.organization_id,
            data=routing_schemas.RoutingCreate.model_validate(
                {
                    "item_id": items[routing.item.code],
                    "code": routing.code,
                    "is_default": True,
                    "operations": [
                        {
                            "seq": operation.seq,
                            "name": operation.name,
                            "work_center_id": work_centers[operation.work_center],
                            "setup_min": operation.setup_min,
                            "run_s_per_unit": operation.run_s_per_unit,
                            "instructions": operation.instructions,
                        }
                        for operation in routing.operations
                    ],
                }
            ),
            actor=planner,
        )
        await routing_service.release_routing(
            db_session=db_session,
            organization_id=planner.organization_id,
            routing_id=draft.id,
            expected_revision=draft.revision,
            actor=planner,
        )
