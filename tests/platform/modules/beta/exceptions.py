"""Beta's errors."""

from __future__ import annotations

from shopfloor.core.errors import ValidationFailedError


class TallyEmptyError(ValidationFailedError):
    code = "BETA_TALLY_EMPTY"
