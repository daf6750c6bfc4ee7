"""Alpha's request dependencies: the caller's organisation (alpha has no authentication)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Header

from tests.platform.modules.alpha.constants import ORGANIZATION_HEADER


async def organization_from_header(
    organization_id: Annotated[uuid.UUID, Header(alias=ORGANIZATION_HEADER)],
) -> uuid.UUID:
    return organization_id


CallerOrganization = Annotated[uuid.UUID, Depends(organization_from_header)]
