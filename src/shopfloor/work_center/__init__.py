"""Work centers: the stations and lines where work is done."""

from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION
from shopfloor.work_center.config import WorkCenterSettings
from shopfloor.work_center.constants import CONSTRAINT_ERRORS, MESSAGES

manifest = ModuleManifest(
    name="work_center",
    tag="Work Centers",
    description="Stations and lines where work is done: codes, names, state "
    "(normal, running, blocked) and activation.",
    prefix="/work-centers",
    router="shopfloor.work_center.router:router",
    models="shopfloor.work_center.models",
    depends_on=("audit",),
    requires=(AUTHENTICATION,),
    settings_class=WorkCenterSettings,
    messages=MESSAGES,
    constraint_errors=CONSTRAINT_ERRORS,
)
