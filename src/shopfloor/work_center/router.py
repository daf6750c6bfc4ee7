"""HTTP routes of the work center module, mounted under /api/v1/work-centers."""

from __future__ import annotations

from shopfloor.core.master_data.router import Lifecycle, ResourceNames, master_data_router
from shopfloor.work_center import service
from shopfloor.work_center.dependencies import Filters, Manager, Reader
from shopfloor.work_center.schemas import WorkCenterCreate, WorkCenterUpdate

router = master_data_router(
    service.work_centers,
    names=ResourceNames("work_center", "work_centers"),
    reader=Reader,
    manager=Manager,
    filters=Filters,
    create=WorkCenterCreate,
    update=WorkCenterUpdate,
    lifecycle=Lifecycle.ACTIVATION,
    descriptions={
        "update": "Change code, name, description or state (`normal`, `running`, `blocked`).",
        "deactivate": (
            "It takes no new dispatches; existing ones are kept. Already inactive: no change."
        ),
        "activate": (
            "It takes dispatches again (unless its state is `blocked`). Already active: no change."
        ),
    },
)
