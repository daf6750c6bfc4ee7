"""Work centers: errors speak Traditional Chinese by default and English on request."""

from __future__ import annotations

import uuid

import httpx
import pytest

from shopfloor.work_center.constants import MESSAGES
from tests.support.identity import TestUser
from tests.work_center.conftest import WORK_CENTERS, CreateWorkCenter


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

    response = await client.get(f"{WORK_CENTERS}/{uuid.uuid4()}", headers=headers)

    assert response.status_code == 404
    assert response.json()["error"]["message"] == MESSAGES["WORK_CENTER_NOT_FOUND"][locale]
    assert response.headers["Content-Language"] == locale


async def test_code_taken_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser, create_work_center: CreateWorkCenter
) -> None:
    created = await create_work_center(admin)
    body = {"code": created["code"], "name": "Twin"}

    chinese = await client.post(WORK_CENTERS, json=body, headers=admin.headers)
    english = await client.post(
        WORK_CENTERS, json=body, headers={**admin.headers, "Accept-Language": "en"}
    )

    assert chinese.json()["error"]["message"] == "此工作中心代碼已被使用。"
    assert english.json()["error"]["message"] == "This work center code is already in use."


async def test_field_errors_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser, create_work_center: CreateWorkCenter
) -> None:
    created = await create_work_center(admin)
    url = f"{WORK_CENTERS}/{created['id']}"
    headers = {**admin.headers, "If-Match": '"1"'}

    chinese = await client.patch(url, json={"name": None}, headers=headers)
    english = await client.patch(
        url, json={"name": None}, headers={**headers, "Accept-Language": "en"}
    )

    assert chinese.json()["error"]["details"][0]["message"] == "此欄位不可為 null。"
    assert english.json()["error"]["details"][0]["message"] == "This field cannot be null."


def test_every_code_has_both_languages_and_no_placeholder_where_none_is_passed() -> None:
    assert set(MESSAGES) == {
        "WORK_CENTER_NOT_FOUND",
        "WORK_CENTER_CODE_TAKEN",
        "WORK_CENTER_INACTIVE",
        "WORK_CENTER_BLOCKED",
    }
    for translations in MESSAGES.values():
        assert set(translations) == {"zh-TW", "en"}
        assert all(text.strip() for text in translations.values())
    # The database constraint answers CODE_TAKEN without parameters.
    assert "{" not in "".join(MESSAGES["WORK_CENTER_CODE_TAKEN"].values())
