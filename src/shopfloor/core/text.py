"""Text constraints for request fields and query parameters: no control characters.

PostgreSQL refuses a NUL character in text (SQLSTATE 22021), so a NUL that got through
validation would fail at the database as a 500. The other control characters are stored,
but they break exports, logs and label printers. These constraints refuse them with a field
error of type `invalid_character`, answered as the detail code `INVALID_CHARACTER` (unpaired
surrogates never get this far: pydantic refuses them as `string_unicode`):

- `SingleLine(...)`: names, codes, searches: nothing below U+0020, no U+007F.
- `MultiLine(...)`: notes, reasons, descriptions: the same, but line breaks and tabs pass.

Both carry the string bounds too, so the character check always runs after stripping and the
length checks. (Length constraints written after a validator become generic `too_long`
checks instead of `string_too_long`.)

    Name = Annotated[str, SingleLine(min_length=1, max_length=100)]
    Search = Annotated[str, SingleLine(max_length=64, strip_whitespace=False)]

Validators that need the clean value (`AfterValidator(str.upper)`, blank to None) follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

INVALID_CHARACTER: Final = "invalid_character"

_SINGLE_LINE_REFUSED: Final = re.compile(r"[\x00-\x1f\x7f]")
_MULTI_LINE_REFUSED: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# The same rules as JSON Schema patterns, so that the document refuses what the server refuses.
# Where the value is stripped first, the whitespace that stripping removes may surround it
# (pydantic trims Unicode white space: of the control characters, only \t \n \v \f \r).
# `$(?!\n)` is the end of the text in every regex dialect: Python's `$` alone also matches
# before a final line break, which the unstripped rules refuse.
TRIMMED_WHITESPACE: Final = (
    r"[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_TRIMMED: Final = TRIMMED_WHITESPACE + "*"
_SINGLE_LINE_CHARS: Final = r"[^\x00-\x1f\x7f]*"
_MULTI_LINE_CHARS: Final = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*"
_SINGLE_LINE_SCHEMA: Final = rf"^{_SINGLE_LINE_CHARS}$(?!\n)"
_SINGLE_LINE_STRIPPED_SCHEMA: Final = rf"^{_TRIMMED}{_SINGLE_LINE_CHARS}{_TRIMMED}$"
_MULTI_LINE_SCHEMA: Final = rf"^{_MULTI_LINE_CHARS}$"
_MULTI_LINE_STRIPPED_SCHEMA: Final = rf"^{_TRIMMED}{_MULTI_LINE_CHARS}{_TRIMMED}$"


@dataclass(frozen=True, slots=True)
class _DocumentedPattern:
    """Adds `pattern` to the field's JSON Schema unless a pattern of its own is there."""

    pattern: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.setdefault("pattern", self.pattern)
        return schema


def _refuse(pattern: re.Pattern[str], value: str) -> str:
    found = pattern.search(value)
    if found is not None:
        raise PydanticCustomError(
            INVALID_CHARACTER,
            "Contains the control character {character}, which is not allowed.",
            {"character": f"U+{ord(found.group()):04X}"},
        )
    return value


def refuse_control_characters(value: str) -> str:
    """`value`, unless it holds a control character (line breaks and tabs included)."""
    return _refuse(_SINGLE_LINE_REFUSED, value)


def refuse_control_characters_except_line_breaks(value: str) -> str:
    """`value`, unless it holds a control character other than \\n, \\r and \\t."""
    return _refuse(_MULTI_LINE_REFUSED, value)


@dataclass(frozen=True, slots=True)
class SingleLine(GroupedMetadata):
    """One line of text: bounds (and a pattern) first, then no control characters at all.

    A pattern that refuses whitespace still lets NUL through; this check does not.
    """

    min_length: int | None = None
    max_length: int | None = None
    strip_whitespace: bool = True
    pattern: str | None = None

    def __iter__(self) -> Iterator[object]:
        yield from StringConstraints(
            strip_whitespace=self.strip_whitespace or None,
            min_length=self.min_length,
            max_length=self.max_length,
            pattern=self.pattern,
        )
        yield AfterValidator(refuse_control_characters)
        yield _DocumentedPattern(
            _SINGLE_LINE_STRIPPED_SCHEMA if self.strip_whitespace else _SINGLE_LINE_SCHEMA
        )


@dataclass(frozen=True, slots=True)
class MultiLine(GroupedMetadata):
    """Free text over several lines: bounds first, then no control characters but \\n \\r \\t."""

    min_length: int | None = None
    max_length: int | None = None
    strip_whitespace: bool = True

    def __iter__(self) -> Iterator[object]:
        yield from StringConstraints(
            strip_whitespace=self.strip_whitespace or None,
            min_length=self.min_length,
            max_length=self.max_length,
        )
        yield AfterValidator(refuse_control_characters_except_line_breaks)
        yield _DocumentedPattern(
            _MULTI_LINE_STRIPPED_SCHEMA if self.strip_whitespace else _MULTI_LINE_SCHEMA
        )
