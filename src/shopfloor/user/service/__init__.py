"""Organisations and user accounts: the user module's public functions.

Every function is keyword-only, takes the session, flushes and never commits. Changes are
audited in the same transaction. Other modules import this package (`from shopfloor.user
import service`); the functions live in its submodules, one per reason to change.
"""

from shopfloor.user.service.accounts import (
    account_names,
    create_user,
    deactivate_user,
    delete_user,
    end_all_sessions,
    find_user_by_email,
    get_user,
    list_users,
    update_own_profile,
    update_user,
)
from shopfloor.user.service.credentials import (
    change_own_password,
    check_credentials,
    reset_password,
    set_password,
)
from shopfloor.user.service.identity import (
    IdentityCache,
    get_identity,
    identity_cache_of,
    permissions_for_role,
)
from shopfloor.user.service.organizations import (
    create_organization,
    create_organization_with_admin,
    get_organization,
)

__all__ = [
    "IdentityCache",
    "account_names",
    "change_own_password",
    "check_credentials",
    "create_organization",
    "create_organization_with_admin",
    "create_user",
    "deactivate_user",
    "delete_user",
    "end_all_sessions",
    "find_user_by_email",
    "get_identity",
    "get_organization",
    "get_user",
    "identity_cache_of",
    "list_users",
    "permissions_for_role",
    "reset_password",
    "set_password",
    "update_own_profile",
    "update_user",
]
