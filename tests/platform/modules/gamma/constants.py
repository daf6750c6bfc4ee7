"""Gamma's roles, permissions and messages."""

from __future__ import annotations

from shopfloor.core.i18n import Catalogue

PRODUCTION_KEY_LENGTH = 32

INSPECT = "gamma:inspect"
AUDIT = "gamma:audit"

# The built-in matrix of this test gate; `EXTRA_PERMISSIONS` is what the manifest adds.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({INSPECT, AUDIT}),
    "viewer": frozenset(),
}
EXTRA_PERMISSIONS: dict[str, tuple[str, ...]] = {AUDIT: ("viewer",)}

MESSAGES: Catalogue = {
    "GAMMA_TOKEN_INVALID": {"zh-TW": "存取權杖無效。", "en": "The access token is invalid."},
}
