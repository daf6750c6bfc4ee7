"""Errors the item module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.errors import NotFoundError, example
from shopfloor.core.master_data.errors import InactiveError, ValueTakenError


class ItemNotFoundError(NotFoundError):
    """Missing, or belonging to another organisation (the two are indistinguishable)."""

    code = "ITEM_NOT_FOUND"


class ItemCodeTakenError(ValueTakenError):
    code = "ITEM_CODE_TAKEN"


class ItemInactiveError(InactiveError):
    code = "ITEM_INACTIVE"
    example_params = example(code="SHAFT-20")
