"""Auth: sign-in, access and refresh tokens, and the caller of every request."""

from shopfloor.auth.config import AuthSettings
from shopfloor.auth.constants import MESSAGES
from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION

manifest = ModuleManifest(
    name="auth",
    tag="Auth",
    description="Sign in with email and password (OAuth2 password grant), refresh and "
    "revoke tokens. Use the Authorize button with your email as the username.",
    prefix="/auth",
    router="shopfloor.auth.router:router",
    models="shopfloor.auth.models",
    depends_on=("user", "audit"),
    provides=(AUTHENTICATION,),
    settings_class=AuthSettings,
    messages=MESSAGES,
    on_startup="shopfloor.auth.dependencies:install",
)
