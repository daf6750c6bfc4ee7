"""Errors the routing module raises; other modules may catch them."""

from __future__ import annotations

from shopfloor.core.envelope import DuplicateValueDetail
from shopfloor.core.errors import ConflictError, NotFoundError, ValidationFailedError, example
from shopfloor.routing import constants
from shopfloor.routing.schemas import (
    InactiveWorkCenterDetail,
    RoutingReferenceDetail,
    RoutingTransitionDetail,
)


class RoutingNotFoundError(NotFoundError):
    """Missing, or belonging to another organisation (the two are indistinguishable)."""

    code = constants.NOT_FOUND


class RoutingCodeTakenError(ConflictError):
    """The item already has a routing with this code: copy it for a new version."""

    code = constants.CODE_TAKEN
    detail_model = DuplicateValueDetail


class RoutingNotEditableError(ConflictError):
    """Only a draft changes; a released or obsolete routing is frozen."""

    code = constants.NOT_EDITABLE
    example_params = example(status="released")


class RoutingInvalidTransitionError(ConflictError):
    code = constants.INVALID_TRANSITION
    detail_model = RoutingTransitionDetail
    example_params = example(status="obsolete", action="release")


class RoutingHasNoOperationsError(ConflictError):
    code = constants.NO_OPERATIONS


class RoutingWorkCenterInactiveError(ConflictError):
    """Release refused: the details name every operation whose work center is inactive."""

    code = constants.WORK_CENTER_INACTIVE
    detail_model = InactiveWorkCenterDetail


class RoutingInvalidReferenceError(ValidationFailedError):
    """An id in the body names nothing in the caller's organisation."""

    code = constants.INVALID_REFERENCE
    detail_model = RoutingReferenceDetail


class RoutingDefaultTakenError(ConflictError):
    """The database's one-default-per-item index refused a release (a race lost)."""

    code = constants.DEFAULT_TAKEN
    detail_model = DuplicateValueDetail


class RoutingNotReleasedError(ConflictError):
    """A work order may only follow a released routing."""

    code = constants.NOT_RELEASED
    example_params = example(status="draft")


class RoutingItemMismatchError(ValidationFailedError):
    """The routing a work order names belongs to another item."""

    code = constants.ITEM_MISMATCH
