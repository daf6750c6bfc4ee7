"""Request and response shapes of the user module (and the results its service returns).

Request schemas forbid unknown fields, so a body that tries to set `organization_id`,
`token_version` or `password_hash` is refused with 422 instead of being silently ignored.
No response schema has a password hash field.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from shopfloor.core.partial import Omittable
from shopfloor.core.text import TRIMMED_WHITESPACE, WHITE_SPACE, SingleLine
from shopfloor.user.constants import (
    EMAIL_LOCAL_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    FULL_NAME_MAX_LENGTH,
    ORGANIZATION_NAME_MAX_LENGTH,
    ORGANIZATION_SLUG_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    Role,
)

# Deliberately simple: one @, no spaces or control characters, a dot in the domain. Whether
# the address really receives mail is not something a syntax check can know.
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")


# `_EMAIL`'s `\s` is Python's: Unicode's White_Space and \x1c-\x1f, spelled out here.
_EMAIL_CHAR = rf"[^@\x00-\x20\x7f{WHITE_SPACE}]"
_EMAIL_LABEL = rf"[^@.\x00-\x20\x7f{WHITE_SPACE}]+"
_EMAIL_SCHEMA = (
    rf"^{TRIMMED_WHITESPACE}*{_EMAIL_CHAR}{{1,{EMAIL_LOCAL_MAX_LENGTH}}}"
    rf"@(?:{_EMAIL_LABEL}\.)+{_EMAIL_LABEL}{TRIMMED_WHITESPACE}*$"
)


def _check_email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    if (
        not _EMAIL.fullmatch(value)
        or len(local) > EMAIL_LOCAL_MAX_LENGTH
        or domain.startswith(".")
        or domain.endswith(".")
        or ".." in domain
    ):
        raise PydanticCustomError("email", "Must be a valid email address.")
    return value


Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, min_length=3, max_length=EMAIL_MAX_LENGTH
    ),
    AfterValidator(_check_email),
    Field(
        description="Unique per installation, case-insensitive; stored in lower case.",
        # `_check_email` as a pattern, so that the document refuses what the server refuses.
        json_schema_extra={"pattern": _EMAIL_SCHEMA},
    ),
]
FullName = Annotated[str, SingleLine(min_length=1, max_length=FULL_NAME_MAX_LENGTH)]
Password = Annotated[
    str,
    Field(
        min_length=PASSWORD_MIN_LENGTH,
        max_length=PASSWORD_MAX_LENGTH,
        description=f"{PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters.",
    ),
]
OrganizationName = Annotated[str, SingleLine(min_length=1, max_length=ORGANIZATION_NAME_MAX_LENGTH)]


def _lower_stripped(value: Any) -> Any:
    # Before the pattern check, which pydantic runs on the raw input.
    return value.strip().lower() if isinstance(value, str) else value


OrganizationSlug = Annotated[
    str,
    BeforeValidator(_lower_stripped),
    StringConstraints(
        min_length=2,
        max_length=ORGANIZATION_SLUG_MAX_LENGTH,
        pattern=r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
    ),
]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- requests ----------------------------------------------------------------------------------


class OrganizationCreate(_Request):
    name: OrganizationName
    slug: OrganizationSlug


class UserCreate(_Request):
    """A new account in the caller's organisation; it can sign in at once."""

    email: Email
    full_name: FullName
    role: Role
    password: Password


class UserUpdate(_Request):
    """Change an account's name, role or active flag; send only what changes."""

    # An empty change is refused (NOTHING_TO_UPDATE): the document says so.
    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    # Omitting a field leaves it unchanged; null is not a value any of them can take.
    full_name: Omittable[FullName] = None
    role: Omittable[Role] = None
    is_active: Omittable[bool] = None


class UserSelfUpdate(_Request):
    """What anyone may change about themselves: their name."""

    full_name: FullName


class PasswordChange(_Request):
    current_password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)]
    new_password: Password


class PasswordReset(_Request):
    new_password: Password


# -- responses ---------------------------------------------------------------------------------


class OrganizationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    slug: str
    created_at: datetime


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    email: str
    full_name: str
    role: Role
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


class UserProfile(UserRead):
    """The caller's own account, with what their role lets them do (for UIs to adapt)."""

    organization: OrganizationRead
    permissions: list[str] = Field(description="Sorted permission names of the caller's role.")


class OrganizationWithAdmin(BaseModel):
    organization: OrganizationRead
    admin: UserRead


# -- results for other modules -------------------------------------------------------------------


class UserIdentity(BaseModel):
    """What authentication needs to know about an account on every request."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    role: Role
    is_active: bool
    token_version: int


class CredentialCheck(BaseModel):
    """The outcome of checking an email and password (never says why to the caller)."""

    outcome: Literal["ok", "unknown_email", "wrong_password", "inactive"]
    user: UserRead | None = None
    token_version: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


@dataclass(frozen=True, slots=True)
class UserFilters:
    role: Role | None = None
    is_active: bool | None = None
    search: str | None = None
