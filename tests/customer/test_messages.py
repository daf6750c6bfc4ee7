"""Customers: errors speak Traditional Chinese by default and English on request."""

from __future__ import annotations

import uuid

import httpx
import pytest

from shopfloor.customer.constants import MESSAGES
from tests.customer.conftest import CUSTOMERS, CreateCustomer
from tests.support.identity import TestUser


@pytest.mark.parametrize(
    ("accept_language", "locale"),
    [(None, "zh-TW"), ("zh-TW", "zh-TW"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("fr", "zh-TW")],
)
async def test_not_found_in_the_negotiated_language(
    client: httpx.AsyncClient, admin: TestUser, accept_language: str | None, locale: str
) -> None:
    headers = dict(admin.headers)
    if accept_language is not None:
        headers["Accept-Language"] = accept_language

    response = await client.get(f"{CUSTOMERS}/{uuid.uuid4()}", headers=headers)

    assert response.status_code == 404
    assert response.json()["error"]["message"] == MESSAGES["CUSTOMER_NOT_FOUND"][locale]
    assert response.headers["Content-Language"] == locale


async def test_code_taken_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)
    body = {"code": created["code"], "name": "Twin"}

    chinese = await client.post(CUSTOMERS, json=body, headers=admin.headers)
    english = await client.post(
        CUSTOMERS, json=body, headers={**admin.headers, "Accept-Language": "en"}
    )

    assert chinese.json()["error"]["message"] == "此客戶代碼已被使用。"
    assert english.json()["error"]["message"] == "This customer code is already in use."


async def test_field_errors_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser, create_customer: CreateCustomer
) -> None:
    created = await create_customer(admin)
    url = f"{CUSTOMERS}/{created['id']}"
    headers = {**admin.headers, "If-Match": '"1"'}

    chinese = await client.patch(url, json={"name": None}, headers=headers)
    english = await client.patch(
        url, json={"name": None}, headers={**headers, "Accept-Language": "en"}
    )

    assert chinese.json()["error"]["details"][0]["message"] == "此欄位不可為 null。"
    assert english.json()["error"]["details"][0]["message"] == "This field cannot be null."


def test_every_code_has_both_languages_and_no_placeholder_where_none_is_passed() -> None:
    assert set(MESSAGES) == {
        "CUSTOMER_NOT_FOUND",
        "CUSTOMER_CODE_TAKEN",
        "CUSTOMER_INACTIVE",
    }
    for translations in MESSAGES.values():
        assert set(translations) == {"zh-TW", "en"}
        assert all(text.strip() for text in translations.values())
    # The database constraint answers CODE_TAKEN without parameters.
    assert "{" not in "".join(MESSAGES["CUSTOMER_CODE_TAKEN"].values())
