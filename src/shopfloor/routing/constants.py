"""Fixed values of the routing module: statuses, actions, bounds and error codes."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

RESOURCE_TYPE: Final = "routing"

PERMISSION_READ: Final = "routing:read"
PERMISSION_MANAGE: Final = "routing:manage"

# -- bounds ------------------------------------------------------------------------------

OPERATIONS_MAX: Final = 100
SEQ_MIN: Final = 1
SEQ_MAX: Final = 9999
OPERATION_NAME_MAX_LENGTH: Final = 100
INSTRUCTIONS_MAX_LENGTH: Final = 4000
# One week: more set-up than that, or more than a week per piece, is a typing mistake.
SETUP_MIN_MAX: Final = 10_080
RUN_S_PER_UNIT_MAX: Final = 604_800
STATUS_MAX_LENGTH: Final = 16


class RoutingStatus(StrEnum):
    """A draft is edited; a released routing is frozen; an obsolete one is retired."""

    DRAFT = "draft"
    RELEASED = "released"
    OBSOLETE = "obsolete"


class RoutingAction(StrEnum):
    """What a routing's status allows (the `allowed_actions` of a refused action)."""

    EDIT = "edit"
    RELEASE = "release"
    COPY = "copy"
    OBSOLETE = "obsolete"


ALLOWED_ACTIONS: Final[dict[RoutingStatus, tuple[RoutingAction, ...]]] = {
    RoutingStatus.DRAFT: (
        RoutingAction.EDIT,
        RoutingAction.RELEASE,
        RoutingAction.COPY,
        RoutingAction.OBSOLETE,
    ),
    RoutingStatus.RELEASED: (RoutingAction.COPY, RoutingAction.OBSOLETE),
    RoutingStatus.OBSOLETE: (RoutingAction.COPY,),
}


class AuditAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    RELEASED = "released"
    OBSOLETED = "obsoleted"
    # On the item's other routings when a release makes a new default.
    DEFAULT_CLEARED = "default_cleared"


# -- error codes -------------------------------------------------------------------------

NOT_FOUND: Final = "ROUTING_NOT_FOUND"
CODE_TAKEN: Final = "ROUTING_CODE_TAKEN"
NOT_EDITABLE: Final = "ROUTING_NOT_EDITABLE"
INVALID_TRANSITION: Final = "ROUTING_INVALID_TRANSITION"
NO_OPERATIONS: Final = "ROUTING_HAS_NO_OPERATIONS"
WORK_CENTER_INACTIVE: Final = "ROUTING_WORK_CENTER_INACTIVE"
INVALID_REFERENCE: Final = "ROUTING_INVALID_REFERENCE"
DEFAULT_TAKEN: Final = "ROUTING_DEFAULT_TAKEN"
NOT_RELEASED: Final = "ROUTING_NOT_RELEASED"
ITEM_MISMATCH: Final = "ROUTING_ITEM_MISMATCH"

# Codes of error details.
ALLOWED_ACTIONS_DETAIL: Final = "ROUTING_ALLOWED_ACTIONS"
INACTIVE_WORK_CENTER_DETAIL: Final = "INACTIVE_WORK_CENTER"

# Unique indexes (named by the naming convention) -> the code answered with 409.
VERSION_INDEX: Final = "uq_routing_organization_id_item_id_code_version"
DEFAULT_INDEX: Final = "uq_routing_item_id_default"
CONSTRAINT_ERRORS: Final = {VERSION_INDEX: CODE_TAKEN, DEFAULT_INDEX: DEFAULT_TAKEN}
