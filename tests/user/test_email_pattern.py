"""The email syntax the OpenAPI document states is the one the server checks."""

from __future__ import annotations

import re

import pytest
from pydantic import TypeAdapter, ValidationError

from shopfloor.user.schemas import Email

EMAIL = TypeAdapter(Email)
PATTERN = re.compile(EMAIL.json_schema()["pattern"])

SAMPLES = [
    "a@b.c",
    " Anna@Plant.Example ",
    "\u3000a@b.co\u00a0",
    "a@b..c",
    "a@.b.c",
    "a@b.",
    "ab@c",
    "a b@c.d",
    "a@b@c.d",
    "\x1ca@b.c",
    "a@b.c\n",
    "a\x00@b.c",
    "x" * 64 + "@b.c",
    "x" * 65 + "@b.c",
    "first.last+tag@sub.plant.example",
    "組@工廠.台灣",
    "a@b.\x1cc",
    "a@\x85b.c",
    "a@b\u2005.c",
    "\x0ba@b.c\u2029",
    "a\xadb@c.d",
]


@pytest.mark.parametrize("value", SAMPLES)
def test_the_pattern_accepts_exactly_what_the_server_accepts(value: str) -> None:
    try:
        EMAIL.validate_python(value)
        accepted = True
    except ValidationError:
        accepted = False

    assert (PATTERN.search(value) is not None) == accepted
