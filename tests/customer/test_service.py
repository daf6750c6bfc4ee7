"""Customers: the public service functions the work order module relies on."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopfloor.core.db_errors import sqlstate_of
from shopfloor.customer import service
from shopfloor.customer.exceptions import (
    CustomerInactiveError,
    CustomerNotFoundError,
)
from shopfloor.customer.schemas import CustomerRead
from tests.customer.conftest import CUSTOMERS, CreateCustomer, if_match, unique_code
from tests.support.identity import MakeUser, TestUser


async def test_get_customer_returns_the_read_model(
    db_session: AsyncSession, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)

    found = await service.get_customer(
        db_session=db_session,
        organization_id=admin.organization_id,
        customer_id=uuid.UUID(created["id"]),
    )

    assert isinstance(found, CustomerRead)
    assert found.model_dump(mode="json") == created


async def test_get_customer_hides_other_organisations(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    create_customer: CreateCustomer,
) -> None:
    theirs = await create_customer(other_admin)

    with pytest.raises(CustomerNotFoundError) as raised:
        await service.get_customer(
            db_session=db_session,
            organization_id=admin.organization_id,
            customer_id=uuid.UUID(theirs["id"]),
        )

    assert raised.value.status_code == 404
    assert raised.value.code == "CUSTOMER_NOT_FOUND"


async def test_get_customers_by_ids_returns_only_the_callers_rows(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    create_customer: CreateCustomer,
) -> None:
    mine = [await create_customer(admin) for _ in range(3)]
    theirs = await create_customer(other_admin)
    wanted = [uuid.UUID(item["id"]) for item in mine[:2]]

    found = await service.get_customers_by_ids(
        db_session=db_session,
        organization_id=admin.organization_id,
        customer_ids=[*wanted, wanted[0], uuid.UUID(theirs["id"]), uuid.uuid4()],
    )

    assert set(found) == set(wanted)
    assert {item.code for item in found.values()} == {item["code"] for item in mine[:2]}


async def test_get_customers_by_ids_of_nothing_is_empty(
    db_session: AsyncSession, admin: TestUser
) -> None:
    found = await service.get_customers_by_ids(
        db_session=db_session, organization_id=admin.organization_id, customer_ids=[]
    )

    assert found == {}


async def test_an_active_customer_takes_orders(
    db_session: AsyncSession, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)

    usable = await service.ensure_orderable(
        db_session=db_session,
        organization_id=admin.organization_id,
        customer_id=uuid.UUID(created["id"]),
    )

    assert usable.code == created["code"]
    assert usable.active is True


async def test_an_inactive_customer_refuses_orders(
    client: httpx.AsyncClient,
    db_session: AsyncSession,
    admin: TestUser,
    create_customer: CreateCustomer,
) -> None:
    created = await create_customer(admin)
    await client.post(
        f"{CUSTOMERS}/{created['id']}/deactivate", headers={**admin.headers, **if_match(1)}
    )

    with pytest.raises(CustomerInactiveError) as raised:
        await service.ensure_orderable(
            db_session=db_session,
            organization_id=admin.organization_id,
            customer_id=uuid.UUID(created["id"]),
        )

    assert raised.value.status_code == 409
    assert raised.value.code == "CUSTOMER_INACTIVE"
    assert raised.value.params == {"code": created["code"]}


async def test_ensure_orderable_of_another_organisation_is_not_found(
    db_session: AsyncSession,
    admin: TestUser,
    other_admin: TestUser,
    create_customer: CreateCustomer,
) -> None:
    theirs = await create_customer(other_admin)

    with pytest.raises(CustomerNotFoundError):
        await service.ensure_orderable(
            db_session=db_session,
            organization_id=admin.organization_id,
            customer_id=uuid.UUID(theirs["id"]),
        )


async def test_ensure_orderable_holds_the_row_against_deactivation_until_commit(
    live_client: httpx.AsyncClient, live_make_user: MakeUser, engine: AsyncEngine
) -> None:
    admin = await live_make_user(role="admin")
    created = await live_client.post(
        CUSTOMERS, json={"code": unique_code(), "name": "Held"}, headers=admin.headers
    )
    customer_id = uuid.UUID(created.json()["data"]["id"])
    sessions = async_sessionmaker(bind=engine, expire_on_commit=False)

    async with sessions() as ordering, sessions() as deactivating:
        await service.ensure_orderable(
            db_session=ordering,
            organization_id=admin.organization_id,
            customer_id=customer_id,
        )
        # Without the share lock this deactivation would go through at once.
        await deactivating.execute(text("SET LOCAL lock_timeout = '200ms'"))
        with pytest.raises(DBAPIError) as raised:
            await service.deactivate_customer(
                db_session=deactivating,
                organization_id=admin.organization_id,
                customer_id=customer_id,
                expected_version=1,
                actor_id=admin.id,
                actor_role=admin.role,
            )
        assert sqlstate_of(raised.value) == "55P03"  # lock_not_available
        await deactivating.rollback()
        await ordering.commit()

        deactivated = await service.deactivate_customer(
            db_session=deactivating,
            organization_id=admin.organization_id,
            customer_id=customer_id,
            expected_version=1,
            actor_id=admin.id,
            actor_role=admin.role,
        )
        await deactivating.commit()

    assert deactivated.active is False
