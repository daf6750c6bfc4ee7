"""Token types, audit actions, input limits and the auth module's messages."""

from __future__ import annotations

from typing import Final

from shopfloor.core.i18n import Catalogue

ACCESS: Final = "access"
REFRESH: Final = "refresh"

# Login form limits. The password bound matches the password rules of the user module
# (10 to 128 characters); the lower bound is not enforced here, a short password is simply
# wrong.
USERNAME_MAX_LENGTH: Final = 254
PASSWORD_MAX_LENGTH: Final = 128

# Audit actions recorded by this module (resource type "user").
RESOURCE_USER: Final = "user"
LOGIN_SUCCEEDED: Final = "login_succeeded"
LOGIN_FAILED: Final = "login_failed"
LOGOUT: Final = "logout"
LOGOUT_ALL: Final = "logout_all"
REFRESH_TOKEN_REUSED: Final = "refresh_token_reused"  # noqa: S105 (an action name)

# Why a refresh token family stopped working (refresh_token.revoked_reason).
REVOKED_LOGOUT: Final = "logout"
REVOKED_LOGOUT_ALL: Final = "logout_all"
REVOKED_REUSE: Final = "reuse_detected"
REVOKED_ACCOUNT: Final = "account_changed"

# Throttle scopes (login_attempt.scope).
SCOPE_ACCOUNT: Final = "account"
SCOPE_ADDRESS: Final = "address"

# Rows removed per housekeeping pass, so one request never does unbounded work.
PRUNE_BATCH: Final = 500

MESSAGES: Catalogue = {
    "INVALID_CREDENTIALS": {
        "zh-TW": "電子郵件或密碼不正確。",
        "en": "The email or password is incorrect.",
    },
    "INVALID_TOKEN": {
        "zh-TW": "登入憑證無效或已過期，請重新登入。",
        "en": "The token is invalid or has expired; sign in again.",
    },
    "LOGIN_THROTTLED": {
        "zh-TW": "登入失敗次數過多，請於 {retry_after} 秒後再試。",
        "en": "Too many failed sign-ins; try again in {retry_after} seconds.",
    },
    "LOGGED_OUT": {
        "zh-TW": "已登出此工作階段。",
        "en": "This session was signed out.",
    },
    "LOGGED_OUT_EVERYWHERE": {
        "zh-TW": "已登出所有裝置上的工作階段。",
        "en": "Every session on every device was signed out.",
    },
}
