"""Organisations: creating one (with its first admin) and reading it."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.audit import service as audit
from shopfloor.core.context import RequestContext
from shopfloor.user.constants import RESOURCE_ORGANIZATION, Role
from shopfloor.user.exceptions import OrganizationNotFoundError, OrganizationSlugTakenError
from shopfloor.user.models import Organization
from shopfloor.user.repository import OrganizationDirectory, OrganizationRepository
from shopfloor.user.schemas import (
    OrganizationCreate,
    OrganizationRead,
    OrganizationWithAdmin,
    UserCreate,
)
from shopfloor.user.service.accounts import create_user
from shopfloor.user.service.checks import unique_conflicts, validated


async def create_organization(
    *,
    db_session: AsyncSession,
    name: str,
    slug: str,
    context: RequestContext | None = None,
) -> OrganizationRead:
    data: OrganizationCreate = validated(OrganizationCreate, {"name": name, "slug": slug})
    directory = OrganizationDirectory(db_session)
    if await directory.slug_taken(data.slug):
        raise OrganizationSlugTakenError()
    with unique_conflicts():
        organization = await directory.add(Organization(name=data.name, slug=data.slug))
    await audit.record(
        db_session=db_session,
        organization_id=organization.id,
        action="created",
        resource_type=RESOURCE_ORGANIZATION,
        resource_id=organization.id,
        resource_key=organization.slug,
        actor_id=None,
        actor_role=None,
        changes=audit.diff({}, {"name": organization.name, "slug": organization.slug}),
        context=context,
    )
    return OrganizationRead.model_validate(organization)


async def get_organization(
    *, db_session: AsyncSession, organization_id: uuid.UUID
) -> OrganizationRead:
    organization = await OrganizationRepository(db_session, organization_id=organization_id).get()
    if organization is None:
        raise OrganizationNotFoundError()
    return OrganizationRead.model_validate(organization)


async def create_organization_with_admin(
    *,
    db_session: AsyncSession,
    organization_name: str,
    organization_slug: str,
    email: str,
    password: str,
    full_name: str,
) -> OrganizationWithAdmin:
    """Bootstrap: a new organisation and its first admin (409 if the slug or email exists)."""
    admin_data: UserCreate = validated(
        UserCreate,
        {"email": email, "password": password, "full_name": full_name, "role": Role.ADMIN},
    )
    organization = await create_organization(
        db_session=db_session, name=organization_name, slug=organization_slug
    )
    admin = await create_user(
        db_session=db_session,
        organization_id=organization.id,
        data=admin_data,
        actor_id=None,
        actor_role=None,
    )
    return OrganizationWithAdmin(organization=organization, admin=admin)
