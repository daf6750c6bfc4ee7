"""Work centers: the stations and lines where work is done."""

from shopfloor.core.master_data.manifest import master_data_manifest
from shopfloor.work_center import constants
from shopfloor.work_center.config import WorkCenterSettings

manifest = master_data_manifest(
    constants,
    WorkCenterSettings,
    description="Stations and lines where work is done: codes, names, state "
    "(normal, running, blocked) and activation.",
)
