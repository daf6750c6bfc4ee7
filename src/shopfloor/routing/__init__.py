"""Routings: the released, versioned sequence of operations an item is made by."""

from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION
from shopfloor.routing.config import RoutingSettings
from shopfloor.routing.constants import CONSTRAINT_ERRORS
from shopfloor.routing.messages import MESSAGES

manifest = ModuleManifest(
    name="routing",
    tag="Routings",
    description="How an item is made: versioned routings of operations at work centers, "
    "edited as drafts, released (and frozen), copied to the next version and retired.",
    prefix="/routings",
    router="shopfloor.routing.router:router",
    models="shopfloor.routing.models",
    depends_on=("item", "work_center", "audit"),
    requires=(AUTHENTICATION,),
    settings_class=RoutingSettings,
    messages=MESSAGES,
    constraint_errors=CONSTRAINT_ERRORS,
)
