"""Errors of the user module; codes are translated in constants.MESSAGES."""

from __future__ import annotations

from shopfloor.core.envelope import DuplicateValueDetail, FieldErrorDetail
from shopfloor.core.errors import (
    ConflictError,
    NotFoundError,
    TooManyRequestsError,
    ValidationFailedError,
)


class UserNotFoundError(NotFoundError):
    """Also for a deleted account and for another organisation's: they do not exist here."""

    code = "USER_NOT_FOUND"


class OrganizationNotFoundError(NotFoundError):
    code = "ORGANIZATION_NOT_FOUND"


class EmailTakenError(ConflictError):
    code = "USER_EMAIL_TAKEN"
    detail_model = DuplicateValueDetail


class OrganizationSlugTakenError(ConflictError):
    code = "ORGANIZATION_SLUG_TAKEN"


class LastAdminError(ConflictError):
    code = "LAST_ADMIN"


class CannotChangeOwnRoleError(ConflictError):
    code = "CANNOT_CHANGE_OWN_ROLE"


class CannotDeactivateSelfError(ConflictError):
    code = "CANNOT_DEACTIVATE_SELF"


class CannotDeleteSelfError(ConflictError):
    code = "CANNOT_DELETE_SELF"


class CannotResetOwnPasswordError(ConflictError):
    code = "CANNOT_RESET_OWN_PASSWORD"


class CurrentPasswordIncorrectError(ValidationFailedError):
    code = "CURRENT_PASSWORD_INCORRECT"
    detail_model = FieldErrorDetail

    def __init__(self, *, keep_changes: bool = False) -> None:
        super().__init__(
            details=[
                {
                    "loc": ["body", "current_password"],
                    "code": "CURRENT_PASSWORD_INCORRECT",
                }
            ],
            keep_changes=keep_changes,
        )


class PasswordChangeThrottledError(TooManyRequestsError):
    code = "PASSWORD_CHANGE_THROTTLED"


class PasswordUnchangedError(ValidationFailedError):
    code = "PASSWORD_UNCHANGED"
    detail_model = FieldErrorDetail

    def __init__(self) -> None:
        super().__init__(details=[{"loc": ["body", "new_password"], "code": "PASSWORD_UNCHANGED"}])


class NothingToUpdateError(ValidationFailedError):
    code = "NOTHING_TO_UPDATE"


class InvalidInputError(ValidationFailedError):
    """Input given to a service function directly (the CLI) failed validation."""
