"""Customers: the contact fields, which only customers have (the rest: tests/master_data)."""

from __future__ import annotations

import httpx

from tests.master_data.resources import CONTACT, CUSTOMERS, create
from tests.support.identity import TestUser


async def test_contact_fields_are_stored_without_surrounding_spaces(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    padded = {key: f"  {value}  " for key, value in CONTACT.items()}

    data = await create(client, CUSTOMERS, admin, **padded)

    assert {key: data[key] for key in CONTACT} == CONTACT
