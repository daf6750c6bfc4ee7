"""Message catalogues and locale negotiation.

Every error code maps to a message in each supported locale. Modules ship their catalogue in
`constants.py` and declare it in their manifest; the registry merges them at startup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

LOCALES: Final = ("zh-TW", "en")
DEFAULT_LOCALE: Final = "zh-TW"

Catalogue = Mapping[str, Mapping[str, str]]


def negotiate_locale(accept_language: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Pick zh-TW or en from an `Accept-Language` header, honouring q-values."""
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag))
    for _, _, tag in sorted(ranked):
        if tag == "en" or tag.startswith("en-"):
            return "en"
        if tag == "zh" or tag.startswith("zh-"):
            return "zh-TW"
        if tag == "*":
            return default
    return default


class MessageBook:
    """All catalogues of the running application, looked up by code and locale."""

    def __init__(self, *catalogues: Catalogue) -> None:
        self._messages: dict[str, dict[str, str]] = {}
        for catalogue in catalogues:
            self.add(catalogue)

    def add(self, catalogue: Catalogue) -> None:
        for code, translations in catalogue.items():
            missing = [locale for locale in LOCALES if locale not in translations]
            if missing:
                raise ValueError(f"message {code} lacks a translation for {', '.join(missing)}")
            existing = self._messages.get(code)
            if existing is not None and existing != dict(translations):
                raise ValueError(f"message {code} is defined twice with different texts")
            self._messages[code] = dict(translations)

    def __contains__(self, code: object) -> bool:
        return code in self._messages

    def codes(self) -> list[str]:
        return sorted(self._messages)

    def render(self, code: str, locale: str, params: Mapping[str, Any] | None = None) -> str:
        translations = self._messages.get(code)
        if translations is None:
            return code
        template = translations.get(locale) or translations[DEFAULT_LOCALE]
        if not params:
            return template
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template
