"""Gamma: a gate that provides authentication and needs a configured key."""

from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION
from tests.platform.modules.gamma.config import GammaSettings
from tests.platform.modules.gamma.constants import EXTRA_PERMISSIONS, MESSAGES

manifest = ModuleManifest(
    name="gamma",
    tag="Gamma Gate",
    description="Bearer tokens for the tests, a greeting from settings, permission checks.",
    prefix="/gamma",
    router="tests.platform.modules.gamma.router:router",
    models="tests.platform.modules.gamma.models",
    settings_class=GammaSettings,
    provides=(AUTHENTICATION,),
    on_startup="tests.platform.modules.gamma.service:install_principal_resolver",
    messages=MESSAGES,
    permissions=EXTRA_PERMISSIONS,
)
