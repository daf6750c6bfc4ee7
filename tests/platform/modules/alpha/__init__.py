"""Alpha: notes scoped to an organisation (a small CRUD module on a real table)."""

from shopfloor.core.registry import ModuleManifest
from tests.platform.modules.alpha.config import AlphaSettings
from tests.platform.modules.alpha.constants import CONSTRAINT_ERRORS, MESSAGES

manifest = ModuleManifest(
    name="alpha",
    tag="Alpha Notes",
    description="Notes with a code per organisation: create, read, list, edit with If-Match.",
    prefix="/alpha",
    router="tests.platform.modules.alpha.router:router",
    models="tests.platform.modules.alpha.models",
    settings_class=AlphaSettings,
    messages=MESSAGES,
    constraint_errors=CONSTRAINT_ERRORS,
)
