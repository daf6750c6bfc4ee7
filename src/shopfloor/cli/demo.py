"""`shopfloor serve --seed-demo`: a demo organisation and admin on an empty database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

DEMO_ORGANIZATION = "Demo Factory"
DEMO_SLUG = "demo"
DEMO_EMAIL = "admin@demo.example"
DEMO_FULL_NAME = "Demo Admin"


@dataclass(frozen=True)
class DemoLogin:
    organization: str
    email: str
    password: str


async def seed_demo(db_session: AsyncSession) -> DemoLogin | None:
    """Create the demo login unless the database already has an organisation."""
    from sqlalchemy import text

    from shopfloor.user import service as user_service

    # The table name is fixed by the user module's first migration; reading one row of it
    # is all the CLI needs, so it does not reach into the module's models.
    has_organization = await db_session.scalar(text("SELECT EXISTS (SELECT 1 FROM organization)"))
    if has_organization:
        return None
    password = secrets.token_urlsafe(12)
    await user_service.create_organization_with_admin(
        db_session=db_session,
        organization_name=DEMO_ORGANIZATION,
        organization_slug=DEMO_SLUG,
        email=DEMO_EMAIL,
        password=password,
        full_name=DEMO_FULL_NAME,
    )
    return DemoLogin(organization=DEMO_ORGANIZATION, email=DEMO_EMAIL, password=password)
