"""Errors of the audit module; codes are translated in constants.MESSAGES."""

from __future__ import annotations

from shopfloor.core.envelope import FieldErrorDetail
from shopfloor.core.errors import NotFoundError, ValidationFailedError


class AuditLogNotFoundError(NotFoundError):
    code = "AUDIT_LOG_NOT_FOUND"


class InvalidDateRangeError(ValidationFailedError):
    code = "INVALID_DATE_RANGE"
    detail_model = FieldErrorDetail

    def __init__(self) -> None:
        super().__init__(details=[{"loc": ["query", "from"], "code": "INVALID_DATE_RANGE"}])
