"""Users: organisations, user accounts, roles and the permission matrix."""

from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION
from shopfloor.user.config import UserSettings
from shopfloor.user.constants import CONSTRAINT_ERRORS, MESSAGES

manifest = ModuleManifest(
    name="user",
    tag="Users",
    description="Organisations and their user accounts: roles, status, passwords, "
    "and everyone's own account under /users/me.",
    prefix="/users",
    router="shopfloor.user.router:router",
    models="shopfloor.user.models",
    depends_on=("audit",),
    requires=(AUTHENTICATION,),
    settings_class=UserSettings,
    messages=MESSAGES,
    constraint_errors=CONSTRAINT_ERRORS,
    on_startup="shopfloor.user.startup:install",
)
