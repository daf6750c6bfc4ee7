"""A sane window for dates a client sends.

A date far in the past or future is a typing mistake, and near the limits of PostgreSQL's
and Python's date types a time-zone conversion can overflow (year 1 at +08:00 is before
year 1 in UTC). Each module picks its window; the refusal is the same field error everywhere,
`date_out_of_range`, with its texts in the core field catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from pydantic_core import PydanticCustomError

DATE_OUT_OF_RANGE: Final = "date_out_of_range"


def check_date_window(day: date, *, earliest: date, latest: date) -> None:
    """Refuse `day` unless it lies between `earliest` and `latest`, inclusive."""
    if not earliest <= day <= latest:
        raise PydanticCustomError(
            DATE_OUT_OF_RANGE,
            "Must be between {earliest} and {latest}.",
            {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )
