"""Roles, the permission matrix, field limits and the user module's messages."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from shopfloor.core.i18n import Catalogue


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    PLANNER = "planner"
    OPERATOR = "operator"
    VIEWER = "viewer"


ADMIN: Final = Role.ADMIN
SUPERVISOR: Final = Role.SUPERVISOR
PLANNER: Final = Role.PLANNER
OPERATOR: Final = Role.OPERATOR
VIEWER: Final = Role.VIEWER
EVERYONE: Final = (ADMIN, SUPERVISOR, PLANNER, OPERATOR, VIEWER)

# The one place where roles get their capabilities. Each row reads like the table in
# docs/auth.md: a permission and the roles that hold it.
PERMISSION_MATRIX: Final[Mapping[str, tuple[Role, ...]]] = {
    "user:manage": (ADMIN,),
    "audit:read": (ADMIN, SUPERVISOR),
    "work_center:read": EVERYONE,
    "work_center:manage": (ADMIN, SUPERVISOR),
    "customer:read": EVERYONE,
    "customer:manage": (ADMIN, SUPERVISOR, PLANNER),
    "item:read": EVERYONE,
    "item:manage": (ADMIN, SUPERVISOR, PLANNER),
    "work_order:read": EVERYONE,
    "work_order:create": (ADMIN, SUPERVISOR, PLANNER),
    "work_order:update": (ADMIN, SUPERVISOR, PLANNER),
    "work_order:delete": (ADMIN, SUPERVISOR, PLANNER),
    "work_order:start": (ADMIN, SUPERVISOR, PLANNER),
    # hold, resume, complete, cancel any open order
    "work_order:transition": (ADMIN, SUPERVISOR),
    # cancel a pending order only
    "work_order:cancel_pending": (ADMIN, SUPERVISOR, PLANNER),
    "work_order:reopen": (ADMIN,),
    # create, edit, cancel dispatches
    "dispatch:manage": (ADMIN, SUPERVISOR, PLANNER),
    # start, pause, resume, finish a dispatch
    "dispatch:operate": (ADMIN, SUPERVISOR, OPERATOR),
    "production:report": (ADMIN, SUPERVISOR, OPERATOR),
    # take back a report with a compensating one
    "production:reverse": (ADMIN, SUPERVISOR),
    "routing:read": EVERYONE,
    "routing:manage": (ADMIN, SUPERVISOR, PLANNER),
}

PERMISSIONS: Final[tuple[str, ...]] = tuple(PERMISSION_MATRIX)

ROLE_PERMISSIONS: Final[Mapping[Role, frozenset[str]]] = {
    role: frozenset(permission for permission, roles in PERMISSION_MATRIX.items() if role in roles)
    for role in Role
}

# Field limits shared by schemas, models and the docs.
EMAIL_MAX_LENGTH: Final = 254
EMAIL_LOCAL_MAX_LENGTH: Final = 64
FULL_NAME_MAX_LENGTH: Final = 200
PASSWORD_MIN_LENGTH: Final = 10
PASSWORD_MAX_LENGTH: Final = 128
ORGANIZATION_NAME_MAX_LENGTH: Final = 200
ORGANIZATION_SLUG_MAX_LENGTH: Final = 63
SEARCH_MAX_LENGTH: Final = 100
ROLE_MAX_LENGTH: Final = 16

# The audit resource types this module writes.
RESOURCE_USER: Final = "user"
# The audit action of a wrong current password on POST /users/me/password (kept, and counted
# for the limit, although the change itself is refused).
PASSWORD_CHANGE_FAILED: Final = "password_change_failed"  # noqa: S105 (an audit action)
RESOURCE_ORGANIZATION: Final = "organization"

EMAIL_UNIQUE_INDEX: Final = "uq_user_account_email_lower"
SLUG_UNIQUE_CONSTRAINT: Final = "uq_organization_slug"

CONSTRAINT_ERRORS: Final[Mapping[str, str]] = {
    EMAIL_UNIQUE_INDEX: "USER_EMAIL_TAKEN",
    SLUG_UNIQUE_CONSTRAINT: "ORGANIZATION_SLUG_TAKEN",
}

MESSAGES: Catalogue = {
    "USER_NOT_FOUND": {
        "zh-TW": "找不到指定的使用者。",
        "en": "The user was not found.",
    },
    "USER_EMAIL_TAKEN": {
        "zh-TW": "此電子郵件地址已被使用。",
        "en": "This email address is already in use.",
    },
    "ORGANIZATION_SLUG_TAKEN": {
        "zh-TW": "此組織代號已被使用。",
        "en": "This organisation slug is already in use.",
    },
    "ORGANIZATION_NOT_FOUND": {
        "zh-TW": "找不到指定的組織。",
        "en": "The organisation was not found.",
    },
    "LAST_ADMIN": {
        "zh-TW": "組織至少需要一位啟用中的管理員，無法移除、停用或降級最後一位管理員。",
        "en": "The organisation needs at least one active admin; "
        "the last one cannot be removed, deactivated or demoted.",
    },
    "CANNOT_CHANGE_OWN_ROLE": {
        "zh-TW": "無法變更自己的角色，請由另一位管理員處理。",
        "en": "You cannot change your own role; ask another admin.",
    },
    "CANNOT_DEACTIVATE_SELF": {
        "zh-TW": "無法停用自己的帳號，請由另一位管理員處理。",
        "en": "You cannot deactivate your own account; ask another admin.",
    },
    "CANNOT_DELETE_SELF": {
        "zh-TW": "無法刪除自己的帳號，請由另一位管理員處理。",
        "en": "You cannot delete your own account; ask another admin.",
    },
    "CANNOT_RESET_OWN_PASSWORD": {
        "zh-TW": "請使用「變更我的密碼」並輸入目前的密碼來變更自己的密碼。",
        "en": "Change your own password with your current password (POST /users/me/password).",
    },
    "CURRENT_PASSWORD_INCORRECT": {
        "zh-TW": "目前的密碼不正確。",
        "en": "The current password is incorrect.",
    },
    "PASSWORD_CHANGE_THROTTLED": {
        "zh-TW": "目前的密碼輸入錯誤次數過多，請於 {retry_after} 秒後再試。",
        "en": "Too many wrong current passwords; try again in {retry_after} seconds.",
    },
    "PASSWORD_UNCHANGED": {
        "zh-TW": "新密碼不可與目前的密碼相同。",
        "en": "The new password must differ from the current one.",
    },
    "NOTHING_TO_UPDATE": {
        "zh-TW": "請至少提供一個要更新的欄位。",
        "en": "Provide at least one field to update.",
    },
    "PASSWORD_CHANGED": {
        "zh-TW": "密碼已變更，所有登入工作階段已結束，請以新密碼重新登入。",
        "en": "The password was changed and every session was ended; "
        "sign in again with the new password.",
    },
    "PASSWORD_RESET": {
        "zh-TW": "已重設此使用者的密碼，其所有登入工作階段已結束。",
        "en": "The user's password was reset and all of their sessions were ended.",
    },
    "USER_DELETED": {
        "zh-TW": "使用者已刪除。",
        "en": "The user was deleted.",
    },
}
