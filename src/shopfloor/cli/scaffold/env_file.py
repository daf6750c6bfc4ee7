"""ENABLED_MODULES in an env file (.env.dev), edited in place, one line only."""

from __future__ import annotations

import re

_LINE = re.compile(r"^(?P<key>\s*(?:export\s+)?ENABLED_MODULES\s*=\s*)(?P<value>.*)$", re.MULTILINE)


class EnvFileError(ValueError):
    pass


def _unquoted(value: str) -> tuple[str, str]:
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[0], text[1:-1]
    return "", text


def enabled_modules(text: str) -> list[str] | None:
    """The names listed in the file, or None when it has no ENABLED_MODULES line."""
    match = _LINE.search(text)
    if match is None:
        return None
    _, value = _unquoted(match["value"])
    return [part.strip() for part in value.split(",") if part.strip()]


def enable(text: str, name: str) -> str:
    match = _LINE.search(text)
    if match is None:
        raise EnvFileError("it has no ENABLED_MODULES line")
    quote, value = _unquoted(match["value"])
    names = [part.strip() for part in value.split(",") if part.strip()]
    if name in names:
        return text
    joined = f"{value.rstrip()},{name}" if names else name
    return text[: match.start("value")] + f"{quote}{joined}{quote}" + text[match.end("value") :]


def disable(text: str, name: str) -> str:
    match = _LINE.search(text)
    if match is None:
        return text
    quote, value = _unquoted(match["value"])
    parts = value.split(",")
    kept = [part for part in parts if part.strip() != name]
    if len(kept) == len(parts):
        return text
    joined = ",".join(kept)
    return text[: match.start("value")] + f"{quote}{joined}{quote}" + text[match.end("value") :]
