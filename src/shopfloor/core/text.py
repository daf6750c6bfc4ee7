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
from pydantic import AfterValidator, BeforeValidator, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, PydanticKnownError

INVALID_CHARACTER: Final = "invalid_character"

_SINGLE_LINE_REFUSED: Final = re.compile(r"[\x00-\x1f\x7f]")
_MULTI_LINE_REFUSED: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# The same rules as JSON Schema patterns, so that the document refuses what the server refuses.
# Character classes are spelled out (no `\s`, which differs between regex dialects). Where
# the value is stripped first, the white space that stripping removes may surround it
# (pydantic trims Unicode's White_Space), and a required value needs one character that
# stripping keeps. `$(?!\n)` is the end of the text in every dialect: Python's `$` alone
# also matches before a final line break, which the unstripped rule refuses.
WHITE_SPACE: Final = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TRIMMED_WHITESPACE: Final = f"[{WHITE_SPACE}]"
_TRIMMED: Final = TRIMMED_WHITESPACE + "*"
_KEPT: Final = rf"[^\x00-\x1f\x7f{WHITE_SPACE}]"
_SINGLE_LINE_CHARS: Final = r"[^\x00-\x1f\x7f]*"
_MULTI_LINE_CHARS: Final = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*"


def _schema_pattern(chars: str, *, stripped: bool, required: bool) -> str:
    if not stripped:
        return rf"^{chars}$(?!\n)"
    if required:
        return rf"^{_TRIMMED}{_KEPT}{chars}{_TRIMMED}$"
    return rf"^{_TRIMMED}{chars}{_TRIMMED}$"


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


def _at_most(max_length: int) -> BeforeValidator:
    """The length as sent, before stripping: the document's maxLength counts it that way."""

    def check(value: object) -> object:
        if isinstance(value, str) and len(value) > max_length:
            raise PydanticKnownError("string_too_long", {"max_length": max_length})
        return value

    return BeforeValidator(check)


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
            _schema_pattern(
                _SINGLE_LINE_CHARS,
                stripped=self.strip_whitespace,
                required=bool(self.min_length),
            )
        )
        if self.max_length is not None:
            yield _at_most(self.max_length)


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
            _schema_pattern(
                _MULTI_LINE_CHARS,
                stripped=self.strip_whitespace,
                required=bool(self.min_length),
            )
        )
        if self.max_length is not None:
            yield _at_most(self.max_length)
