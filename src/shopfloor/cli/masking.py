"""Hide secrets before settings are shown: by field name, by type, and inside URLs.

A setting whose name contains secret, password, key or token is masked unless its value is
a number or a true/false flag; so are pydantic secret types and the password of any URL.
"""

from __future__ import annotations

import json
import re
from typing import Any

MASK = "********"
SECRET_WORDS = ("secret", "password", "key", "token")
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<password>[^\s?#]*)@", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)[^&\s]*", re.I)


def is_secret_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in SECRET_WORDS)


def mask_url_passwords(text: str) -> str:
    """`postgresql://user:pw@host/db` -> `postgresql://user:********@host/db`."""
    text = _URL_PASSWORD.sub(lambda match: f"{match['head']}{MASK}@", text)
    return _QUERY_PASSWORD.sub(lambda match: f"{match['head']}{MASK}", text)


def shown_value(name: str, value: Any) -> str:
    """How a setting is printed: secrets masked, unset values marked, lists as JSON."""
    if value is None or value == "":
        return "(not set)"
    if type(value).__name__ in ("SecretStr", "SecretBytes"):
        return MASK
    # A number or a flag cannot hold a secret (AUTH_ACCESS_TOKEN_MINUTES stays readable).
    if is_secret_name(name) and not isinstance(value, bool | int | float):
        return MASK
    if isinstance(value, list | tuple | set | frozenset | dict):
        text = json.dumps(
            sorted(value) if isinstance(value, set | frozenset) else value, default=str
        )
    elif hasattr(value, "value") and not isinstance(value, str | bytes | int | float):
        text = str(value.value)  # enums
    else:
        text = str(value)
    return mask_url_passwords(text)
