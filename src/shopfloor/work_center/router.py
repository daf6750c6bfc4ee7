"""HTTP routes of the work center module, mounted under /api/v1/work-centers."""

from shopfloor.core.master_data.router import master_data_router
from shopfloor.work_center import dependencies, service
from shopfloor.work_center.schemas import WorkCenterCreate, WorkCenterUpdate

router = master_data_router(
    service.work_centers,
    WorkCenterCreate,
    WorkCenterUpdate,
    dependencies,
    {
        "update": "Change code, name, description or state (`normal`, `running`, `blocked`).",
        "deactivate": "It takes no new dispatches; existing ones are kept. Already inactive: "
        "no change.",
        "activate": "It takes dispatches again (unless its state is `blocked`). Already active: "
        "no change.",
    },
)
