"""Master data: errors speak Traditional Chinese by default and English on request."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import RESOURCES, Resource, if_match
from tests.support.identity import TestUser


@pytest.mark.parametrize(
    ("accept_language", "locale"),
    [(None, "zh-TW"), ("zh-TW", "zh-TW"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("fr", "zh-TW")],
)
async def test_not_found_in_the_negotiated_language(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    accept_language: str | None,
    locale: str,
) -> None:
    headers = dict(admin.headers)
    if accept_language is not None:
        headers["Accept-Language"] = accept_language

    response = await client.get(resource.url(str(uuid.uuid4())), headers=headers)

    assert response.status_code == 404
    assert (
        response.json()["error"]["message"]
        == resource.messages[resource.error("NOT_FOUND")][locale]
    )
    assert response.headers["Content-Language"] == locale


async def test_code_taken_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    body = {"code": created["code"], "name": "Twin"}

    chinese = await client.post(resource.path, json=body, headers=admin.headers)
    english = await client.post(
        resource.path, json=body, headers={**admin.headers, "Accept-Language": "en"}
    )

    assert (
        chinese.json()["error"]["message"],
        english.json()["error"]["message"],
    ) == resource.code_taken_messages


async def test_field_errors_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, create_row: CreateRow
) -> None:
    created = await create_row(admin)
    url = resource.url(created["id"])
    headers = {**admin.headers, **if_match(1)}

    chinese = await client.patch(url, json={"name": None}, headers=headers)
    english = await client.patch(
        url, json={"name": None}, headers={**headers, "Accept-Language": "en"}
    )

    assert chinese.json()["error"]["details"][0]["message"] == "此欄位不可為 null。"
    assert english.json()["error"]["details"][0]["message"] == "This field cannot be null."


@pytest.mark.parametrize(
    ("resource_spec", "codes"),
    [
        (RESOURCES[0], {"NOT_FOUND", "CODE_TAKEN", "INACTIVE"}),
        (RESOURCES[1], {"NOT_FOUND", "CODE_TAKEN", "INACTIVE", "BLOCKED"}),
    ],
    ids=str,
)
def test_every_code_has_both_languages_and_no_placeholder_where_none_is_passed(
    resource_spec: Resource, codes: set[str]
) -> None:
    messages = resource_spec.messages
    assert set(messages) == {resource_spec.error(code) for code in codes}
    for translations in messages.values():
        assert set(translations) == {"zh-TW", "en"}
        assert all(text.strip() for text in translations.values())
    # The database constraint answers CODE_TAKEN without parameters.
    assert "{" not in "".join(messages[resource_spec.error("CODE_TAKEN")].values())
