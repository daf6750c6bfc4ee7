"""Errors the customer module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.errors import ConflictError, NotFoundError
from shopfloor.customer import constants


class CustomerNotFoundError(NotFoundError):
    """Missing, or belonging to another organisation (the two are indistinguishable)."""

    code = constants.NOT_FOUND


class CustomerCodeTakenError(ConflictError):
    code = constants.CODE_TAKEN


class CustomerInactiveError(ConflictError):
    code = constants.INACTIVE
