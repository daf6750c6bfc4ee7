"""Beta's request dependencies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Query

from tests.platform.modules.beta.constants import MAX_SLEEP_S

SleepSeconds = Annotated[float, Query(gt=0, le=MAX_SLEEP_S, description="Seconds to sleep.")]
# `multiple_of` is a rule the field catalogue has no text for.
BatchSize = Annotated[int, Query(multiple_of=5, description="Pieces; whole boxes of five.")]


CastTarget = Literal["text", "timestamptz", "integer", "text_to_integer", "wrong_type"]

# How each probe sends the raw `value`: the Python value the driver gets, and the statement.
CASTS: dict[str, tuple[Callable[[str], object] | None, str]] = {
    "text": (None, "SELECT CAST(:value AS text)"),
    "timestamptz": (datetime.fromisoformat, "SELECT CAST(:value AS timestamptz)::text"),
    "integer": (int, "SELECT CAST(:value AS integer)::text"),
    "text_to_integer": (None, "SELECT CAST(CAST(:value AS text) AS integer)::text"),
    # A programming mistake: a str where the statement expects an integer.
    "wrong_type": (None, "SELECT CAST(:value AS integer)::text"),
}
