"""Audit: an append-only record of every change, who made it, when and from where."""

from shopfloor.audit.config import AuditSettings
from shopfloor.audit.constants import MESSAGES
from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION

manifest = ModuleManifest(
    name="audit",
    tag="Audit",
    description="The append-only audit log: who changed what, when and from where.",
    prefix="/audit-logs",
    router="shopfloor.audit.router:router",
    models="shopfloor.audit.models",
    requires=(AUTHENTICATION,),
    settings_class=AuditSettings,
    messages=MESSAGES,
)
