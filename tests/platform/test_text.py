"""The shared text constraints: control characters refused, bounds first, both languages."""

from __future__ import annotations

import re
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, TypeAdapter, ValidationError

from shopfloor.core.i18n import LOCALES, MessageBook
from shopfloor.core.messages import FIELD_MESSAGES
from shopfloor.core.text import INVALID_CHARACTER, MultiLine, SingleLine

Name = TypeAdapter(Annotated[str, SingleLine(min_length=1, max_length=5)])
Code = TypeAdapter(Annotated[str, SingleLine(max_length=5), AfterValidator(str.upper)])
Search = TypeAdapter(Annotated[str, SingleLine(max_length=5, strip_whitespace=False)])
Note = TypeAdapter(Annotated[str, MultiLine(max_length=20)])


def error_of(adapter: TypeAdapter[Any], value: object) -> dict[str, Any]:
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python(value)
    [error] = raised.value.errors()
    return dict(error)


@pytest.mark.parametrize("character", [*map(chr, range(0x20)), "\x7f"])
def test_a_single_line_refuses_every_control_character(character: str) -> None:
    error = error_of(Name, f"a{character}b")

    assert error["type"] == INVALID_CHARACTER
    assert error["ctx"] == {"character": f"U+{ord(character):04X}"}


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f"])
def test_multi_line_text_refuses_control_characters_but_line_breaks_and_tabs(
    character: str,
) -> None:
    assert error_of(Note, f"a{character}b")["type"] == INVALID_CHARACTER


def test_multi_line_text_keeps_line_breaks_and_tabs() -> None:
    assert Note.validate_python("  line 1\r\nline\t2\n  ") == "line 1\r\nline\t2"


@pytest.mark.parametrize("value", ["組立線", "café", "a b", "100%", "\u2028x", "\u00a0x"])
def test_printable_text_passes(value: str) -> None:
    assert Search.validate_python(value) == value


def test_the_bounds_keep_their_own_error_types() -> None:
    assert error_of(Name, "toolong")["type"] == "string_too_long"
    assert error_of(Name, "   ")["type"] == "string_too_short"
    assert error_of(Name, 7)["type"] == "string_type"


def test_whitespace_is_stripped_before_the_check_unless_told_otherwise() -> None:
    assert Name.validate_python("\tab\n") == "ab"
    assert error_of(Search, "ab\t")["type"] == INVALID_CHARACTER


def test_later_validators_see_only_clean_text() -> None:
    assert Code.validate_python(" ab ") == "AB"
    assert error_of(Code, "a\x00")["type"] == INVALID_CHARACTER


def test_the_bounds_and_the_character_rule_reach_the_json_schema() -> None:
    schema = Name.json_schema()

    assert {key: schema[key] for key in ("type", "minLength", "maxLength")} == {
        "type": "string",
        "minLength": 1,
        "maxLength": 5,
    }
    assert "pattern" in schema


# Every ASCII character, plus whitespace and separators beyond it, in each position.
SAMPLE_CHARACTERS = [
    *map(chr, range(0x80)),
    *"\x85\x96\xa0\xad\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff組",
]


@pytest.mark.parametrize("adapter", [Name, Search, Note], ids=["stripped", "kept", "multi-line"])
def test_the_documented_pattern_accepts_exactly_what_the_check_accepts(
    adapter: TypeAdapter[Any],
) -> None:
    pattern = re.compile(adapter.json_schema()["pattern"])
    for character in SAMPLE_CHARACTERS:
        for value in (character, f"a{character}b", f"{character}ab", f"ab{character}"):
            try:
                adapter.validate_python(value)
                accepted = True
            except ValidationError:
                accepted = False
            assert (pattern.search(value) is not None) == accepted, repr(value)


def test_a_pattern_of_its_own_is_kept_in_the_json_schema() -> None:
    own = TypeAdapter(Annotated[str, SingleLine(max_length=5, pattern=r"^[A-Z]+$")])

    assert own.json_schema()["pattern"] == "^[A-Z]+$"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_refusal_has_a_message_in_every_language(locale: str) -> None:
    message = MessageBook(FIELD_MESSAGES).render(INVALID_CHARACTER, locale, {"character": "U+0000"})

    assert "U+0000" in message
    assert message != INVALID_CHARACTER


def test_a_pattern_that_allows_nul_does_not_let_it_through() -> None:
    email = TypeAdapter(Annotated[str, SingleLine(max_length=50, pattern=r"^[^@\s]+@[^@\s]+$")])

    assert email.validate_python(" a@b ") == "a@b"
    assert error_of(email, "a b@c")["type"] == "string_pattern_mismatch"
    assert error_of(email, "a\x00@b")["type"] == INVALID_CHARACTER


def test_the_length_counts_the_text_as_sent_like_the_documented_max_length() -> None:
    assert Name.validate_python(" abc ") == "abc"
    assert error_of(Name, " abcde")["type"] == "string_too_long"
    assert error_of(Name, " abcde")["ctx"] == {"max_length": 5}
    assert error_of(Note, "x" * 21)["type"] == "string_too_long"
