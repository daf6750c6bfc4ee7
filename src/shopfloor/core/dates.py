"""Dates a client sends: written in ISO 8601, and inside a sane window.

Pydantic's lax parsing reads a number as a Unix timestamp, so `to=0` would mean 1970-01-01
and `due_to=0.5` a time on that day. A client that sends a number has made a mistake, and
answering it with data from 1970 hides the mistake. `IsoDate` and `IsoDateTime` refuse a
number, or text that is one, with the usual `date_parsing` or `datetime_parsing` field
error, and leave everything else to pydantic's ISO 8601 parsing.

A date far in the past or future is a typing mistake, and near the limits of PostgreSQL's
and Python's date types a time-zone conversion can overflow (year 1 at +08:00 is before
year 1 in UTC). Each module picks its window; the refusal is the same field error everywhere,
`date_out_of_range`, with its texts in the core field catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Final

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

DATE_OUT_OF_RANGE: Final = "date_out_of_range"

# What pydantic would read as seconds since 1970: digits, a sign, a fraction, an exponent.
_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")


def _not_a_number(error_type: str, message: str) -> Callable[[object], object]:
    def check(value: object) -> object:
        if isinstance(value, (int, float)) or (
            isinstance(value, str) and _NUMBER.fullmatch(value) is not None
        ):
            raise PydanticCustomError(error_type, message)
        return value

    return check


IsoDate: Final = BeforeValidator(
    _not_a_number("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")
)
IsoDateTime: Final = BeforeValidator(
    _not_a_number("datetime_parsing", "Input should be a valid ISO 8601 date-time")
)


def check_date_window(day: date, *, earliest: date, latest: date) -> None:
    """Refuse `day` unless it lies between `earliest` and `latest`, inclusive."""
    if not earliest <= day <= latest:
        raise PydanticCustomError(
            DATE_OUT_OF_RANGE,
            "Must be between {earliest} and {latest}.",
            {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )
