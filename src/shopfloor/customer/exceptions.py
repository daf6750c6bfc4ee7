"""Errors the customer module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.errors import NotFoundError, example
from shopfloor.core.master_data.errors import InactiveError, ValueTakenError


class CustomerNotFoundError(NotFoundError):
    """Missing, or belonging to another organisation (the two are indistinguishable)."""

    code = "CUSTOMER_NOT_FOUND"


class CustomerCodeTakenError(ValueTakenError):
    code = "CUSTOMER_CODE_TAKEN"


class CustomerInactiveError(InactiveError):
    code = "CUSTOMER_INACTIVE"
    example_params = example(code="ACME")
