"""Bad input on every /users route answers the documented envelope and status, never 500."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from tests.support.identity import MakeUser, TestUser

USERS = "/api/v1/users"
VALID_CREATE = {
    "email": "valid@example.test",
    "full_name": "Valid Name",
    "role": "viewer",
    "password": "a-long-enough-password",
}


def with_(**changes: Any) -> dict[str, Any]:
    body = dict(VALID_CREATE)
    for key, value in changes.items():
        if value is KeyError:
            body.pop(key)
        else:
            body[key] = value
    return body


CREATE_CASES: dict[str, tuple[Any, str, str]] = {
    # name: (body, field, detail code)
    "email missing": (with_(email=KeyError), "email", "MISSING"),
    "email without at": (with_(email="line7.example.test"), "email", "EMAIL"),
    "email two ats": (with_(email="a@b@example.test"), "email", "EMAIL"),
    "email with space": (with_(email="a b@example.test"), "email", "EMAIL"),
    "email without dot": (with_(email="a@localhost"), "email", "EMAIL"),
    "email dot dot": (with_(email="a@example..test"), "email", "EMAIL"),
    "email too long": (with_(email="a" * 250 + "@x.tw"), "email", "STRING_TOO_LONG"),
    "email local part too long": (with_(email="a" * 65 + "@example.test"), "email", "EMAIL"),
    "email a number": (with_(email=42), "email", "STRING_TYPE"),
    "email with NUL": (with_(email="a\u0000b@example.test"), "email", "EMAIL"),
    "email with a control character": (with_(email="a@exa\u0007mple.test"), "email", "EMAIL"),
    "full name blank": (with_(full_name="   "), "full_name", "STRING_TOO_SHORT"),
    "full name too long": (with_(full_name="x" * 201), "full_name", "STRING_TOO_LONG"),
    "full name with NUL": (with_(full_name="Bob\u0000"), "full_name", "INVALID_CHARACTER"),
    "full name with a tab": (with_(full_name="Bob\tLee"), "full_name", "INVALID_CHARACTER"),
    "full name with a line break": (
        with_(full_name="Bob\nLee"),
        "full_name",
        "INVALID_CHARACTER",
    ),
    "full name with ESC": (with_(full_name="Bob\u001b[31m"), "full_name", "INVALID_CHARACTER"),
    "full name with DEL": (with_(full_name="Bob\u007f"), "full_name", "INVALID_CHARACTER"),
    "full name a list": (with_(full_name=["Bob"]), "full_name", "STRING_TYPE"),
    "role unknown": (with_(role="superuser"), "role", "ENUM"),
    "role upper case": (with_(role="ADMIN"), "role", "ENUM"),
    "role null": (with_(role=None), "role", "ENUM"),
    "password 9 chars": (with_(password="p" * 9), "password", "STRING_TOO_SHORT"),
    "password 129 chars": (with_(password="p" * 129), "password", "STRING_TOO_LONG"),
    "password a number": (with_(password=1234567890123), "password", "STRING_TYPE"),
    "unknown field": (with_(nickname="bob"), "nickname", "EXTRA_FORBIDDEN"),
}


@pytest.mark.parametrize("case", sorted(CREATE_CASES))
async def test_create_bad_bodies(client: httpx.AsyncClient, admin: TestUser, case: str) -> None:
    body, field, code = CREATE_CASES[case]
    response = await client.post(USERS, headers=admin.headers, json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert {"loc": ["body", field], "code": code} in [
        {"loc": detail["loc"], "code": detail["code"]} for detail in error["details"]
    ]


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"[]", 422, "VALIDATION_ERROR"),
        (b'"text"', 422, "VALIDATION_ERROR"),
        (b"{", 400, "MALFORMED_JSON"),
        (b'{"email": "\xff@example.com"}', 400, "MALFORMED_JSON"),
        (b'{"email": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400, "MALFORMED_JSON"),
        (b'{"full_name": ' + b"1" * 5000 + b"}", 400, "MALFORMED_JSON"),
        (b"", 422, "VALIDATION_ERROR"),
    ],
)
async def test_create_non_object_bodies(
    client: httpx.AsyncClient, admin: TestUser, raw: bytes, status: int, code: str
) -> None:
    response = await client.post(
        USERS, headers={**admin.headers, "Content-Type": "application/json"}, content=raw
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


UPDATE_CASES: dict[str, tuple[Any, str, str]] = {
    "role null": ({"role": None}, "role", "NOT_NULLABLE"),
    "is_active null": ({"is_active": None}, "is_active", "NOT_NULLABLE"),
    "full name null": ({"full_name": None}, "full_name", "NOT_NULLABLE"),
    "is_active a word": ({"is_active": "maybe"}, "is_active", "BOOL_PARSING"),
    "role a number": ({"role": 3}, "role", "ENUM"),
    "full name too long": ({"full_name": "x" * 201}, "full_name", "STRING_TOO_LONG"),
    "full name with NUL": ({"full_name": "\u0000"}, "full_name", "INVALID_CHARACTER"),
    "full name with a control character": (
        {"full_name": "A\u0007B"},
        "full_name",
        "INVALID_CHARACTER",
    ),
    "unknown field": ({"nickname": "x"}, "nickname", "EXTRA_FORBIDDEN"),
}


@pytest.mark.parametrize("case", sorted(UPDATE_CASES))
async def test_update_bad_bodies(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser, case: str
) -> None:
    user = await make_user()
    body, field, code = UPDATE_CASES[case]
    response = await client.patch(f"{USERS}/{user.id}", headers=admin.headers, json=body)
    assert response.status_code == 422, response.text
    details = response.json()["error"]["details"]
    assert {"loc": ["body", field], "code": code} in [
        {"loc": detail["loc"], "code": detail["code"]} for detail in details
    ]


@pytest.mark.parametrize("full_name", ["Me\u0000", "Me\u0008", "Me\r\nMe"])
async def test_a_control_character_in_my_own_name_is_422(
    client: httpx.AsyncClient, make_user: MakeUser, full_name: str
) -> None:
    me = await make_user(role="operator")
    response = await client.patch(f"{USERS}/me", headers=me.headers, json={"full_name": full_name})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert [(d["loc"], d["code"]) for d in error["details"]] == [
        (["body", "full_name"], "INVALID_CHARACTER")
    ]


async def test_a_lone_surrogate_in_a_name_is_422(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    # JSON may escape half of a surrogate pair; such text cannot be stored as UTF-8.
    raw = json.dumps(with_(full_name="Bob\ud800")).encode("ascii")
    response = await client.post(
        USERS, headers={**admin.headers, "Content-Type": "application/json"}, content=raw
    )
    assert response.status_code == 422, response.text
    assert [(d["loc"], d["code"]) for d in response.json()["error"]["details"]] == [
        (["body", "full_name"], "STRING_UNICODE")
    ]


async def test_the_invalid_character_message_names_the_character_in_both_languages(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    body = with_(full_name="Bob\u0000")
    zh = await client.post(USERS, headers=admin.headers, json=body)
    en = await client.post(USERS, headers={**admin.headers, "Accept-Language": "en"}, json=body)
    assert zh.status_code == en.status_code == 422
    [zh_detail] = zh.json()["error"]["details"]
    [en_detail] = en.json()["error"]["details"]
    assert zh_detail == {
        "loc": ["body", "full_name"],
        "code": "INVALID_CHARACTER",
        "message": "含有不允許的控制字元 U+0000。",
    }
    assert en_detail["message"] == "Contains the control character U+0000, which is not allowed."


async def test_an_empty_update_is_422(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    user = await make_user()
    response = await client.patch(f"{USERS}/{user.id}", headers=admin.headers, json={})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "NOTHING_TO_UPDATE"


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"full_name": "X"}),
        ("DELETE", "", None),
        ("POST", "/password", {"new_password": "a-long-enough-password"}),
    ],
)
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", "01a2120d-cf86-7c59-8503"])
async def test_an_invalid_id_in_the_path_is_422(
    client: httpx.AsyncClient,
    admin: TestUser,
    method: str,
    suffix: str,
    body: dict[str, str] | None,
    bad_id: str,
) -> None:
    response = await client.request(
        method, f"{USERS}/{bad_id}{suffix}", headers=admin.headers, json=body
    )
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert (detail["loc"], detail["code"]) == (["path", "user_id"], "UUID_PARSING")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 101}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "first"}, "page"),
        ({"role": "owner"}, "role"),
        ({"is_active": "sometimes"}, "is_active"),
        ({"q": ""}, "q"),
        ({"q": "x" * 101}, "q"),
    ],
)
async def test_list_bad_query_parameters(
    client: httpx.AsyncClient, admin: TestUser, params: dict[str, object], field: str
) -> None:
    response = await client.get(USERS, headers=admin.headers, params=params)
    assert response.status_code == 422
    assert ["query", field] in [d["loc"] for d in response.json()["error"]["details"]]


@pytest.mark.parametrize("q", ["bob\u0000", "\u0000", "bob\u001f", "bob\tlee", "\u007f"])
async def test_a_control_character_in_the_search_is_422(
    client: httpx.AsyncClient, admin: TestUser, q: str
) -> None:
    response = await client.get(USERS, headers=admin.headers, params={"q": q})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert [(d["loc"], d["code"]) for d in error["details"]] == [
        (["query", "q"], "INVALID_CHARACTER")
    ]


async def test_a_search_with_spaces_around_it_still_works(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    response = await client.get(USERS, headers=admin.headers, params={"q": "  admin  "})
    assert response.status_code == 200


async def test_the_page_size_bounds_are_inclusive(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    for size in (1, 100):
        response = await client.get(USERS, headers=admin.headers, params={"page_size": size})
        assert response.status_code == 200
        assert response.json()["pagination"]["page_size"] == size


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", USERS, None),
        ("POST", USERS, VALID_CREATE),
        ("GET", f"{USERS}/{uuid.uuid4()}", None),
        ("PATCH", f"{USERS}/{uuid.uuid4()}", {"role": "viewer"}),
        ("DELETE", f"{USERS}/{uuid.uuid4()}", None),
        ("POST", f"{USERS}/{uuid.uuid4()}/password", {"new_password": "a-long-password"}),
        ("GET", f"{USERS}/me", None),
        ("PATCH", f"{USERS}/me", {"full_name": "X"}),
        ("POST", f"{USERS}/me/password", {"current_password": "x", "new_password": "y" * 12}),
    ],
)
async def test_missing_authentication_is_401_everywhere(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    response = await client.request(method, path, json=body)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "AUTHENTICATION_REQUIRED"


async def test_a_non_admin_learns_nothing_from_ids(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    """Without the permission the answer is 403 before the id is looked up or validated."""
    supervisor = await make_user(role="supervisor")
    for path in (f"{USERS}/{supervisor.id}", f"{USERS}/{uuid.uuid4()}", f"{USERS}/not-a-uuid"):
        response = await client.get(path, headers=supervisor.headers)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "PERMISSION_DENIED"


async def test_errors_are_in_traditional_chinese_by_default_and_english_on_request(
    client: httpx.AsyncClient, admin: TestUser, make_user: MakeUser
) -> None:
    operator = await make_user(role="operator")
    forbidden = await client.get(USERS, headers=operator.headers)
    assert forbidden.json()["error"]["message"] == "您沒有執行此操作的權限。"
    forbidden_en = await client.get(USERS, headers={**operator.headers, "Accept-Language": "en"})
    assert forbidden_en.json()["error"]["message"] == (
        "You do not have permission to perform this action."
    )

    missing = await client.get(f"{USERS}/{uuid.uuid4()}", headers=admin.headers)
    assert missing.json()["error"]["message"] == "找不到指定的使用者。"
    missing_en = await client.get(
        f"{USERS}/{uuid.uuid4()}", headers={**admin.headers, "Accept-Language": "en-US,en;q=0.9"}
    )
    assert missing_en.json()["error"]["message"] == "The user was not found."

    invalid = await client.post(USERS, headers=admin.headers, json=with_(password="short"))
    [detail] = invalid.json()["error"]["details"]
    assert detail["message"] == "長度至少需 10 個字元。"
    invalid_en = await client.post(
        USERS, headers={**admin.headers, "Accept-Language": "en"}, json=with_(password="short")
    )
    [detail_en] = invalid_en.json()["error"]["details"]
    assert detail_en["message"] == "Must be at least 10 characters long."

    self_delete = await client.delete(f"{USERS}/{admin.id}", headers=admin.headers)
    assert self_delete.json()["error"]["message"] == "無法刪除自己的帳號，請由另一位管理員處理。"
    self_delete_en = await client.delete(
        f"{USERS}/{admin.id}", headers={**admin.headers, "Accept-Language": "en"}
    )
    assert self_delete_en.json()["error"]["message"] == (
        "You cannot delete your own account; ask another admin."
    )
