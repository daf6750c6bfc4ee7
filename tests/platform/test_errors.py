"""Every error is the error envelope, in the caller's language, with a stable code."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from shopfloor.core.i18n import negotiate_locale
from tests.platform.conftest import AppFactory, http_client

pytestmark = pytest.mark.usefixtures("note_table")

NOTES = "/api/v1/alpha/notes"


def error_of(response: httpx.Response) -> dict[str, object]:
    body = response.json()
    assert body["success"] is False
    assert set(body) == {"success", "error", "request_id"}
    assert body["request_id"] == response.headers["X-Request-ID"]
    error: dict[str, object] = body["error"]
    assert set(error) == {"code", "message", "details"}
    return error


def note(code: str, **extra: object) -> dict[str, object]:
    return {"code": code, "title": f"Title of {code}", **extra}


# -- routing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nowhere", "/nowhere", "/api/v1/alpha/nothing"])
async def test_an_unknown_path_is_404(path: str, platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.get(path)

    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "NOT_FOUND"
    assert error["message"] == "找不到指定的資源。"
    assert response.headers["Content-Language"] == "zh-TW"


async def test_a_wrong_method_is_405_with_allow(platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.put(NOTES, headers={"Accept-Language": "en"})

    assert response.status_code == 405
    assert error_of(response)["code"] == "METHOD_NOT_ALLOWED"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


# -- validation ----------------------------------------------------------------------------------


async def test_invalid_fields_give_one_detail_each(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    body = {"code": "lower case", "title": "x" * 201, "quantity": 1001, "colour": "red"}

    response = await platform_client.post(
        NOTES, json=body, headers={**org_headers, "Accept-Language": "en"}
    )

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert error["message"] == "The request data is invalid."
    details = {tuple(item["loc"]): item for item in error["details"]}  # type: ignore[attr-defined]
    assert set(details) == {
        ("body", "code"),
        ("body", "title"),
        ("body", "quantity"),
        ("body", "colour"),
    }
    assert details[("body", "code")]["code"] == "STRING_PATTERN_MISMATCH"
    assert details[("body", "title")]["message"] == "Must be at most 200 characters long."
    assert details[("body", "quantity")]["code"] == "LESS_THAN_EQUAL"
    assert details[("body", "quantity")]["message"] == "Must be less than or equal to 1000."
    assert details[("body", "colour")]["code"] == "EXTRA_FORBIDDEN"
    assert all(set(item) == {"loc", "code", "message"} for item in details.values())


async def test_validation_messages_default_to_traditional_chinese(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    response = await platform_client.post(NOTES, json={"code": "A-1"}, headers=org_headers)

    error = error_of(response)
    assert error["message"] == "請求資料驗證失敗。"
    assert error["details"] == [
        {"loc": ["body", "title"], "code": "MISSING", "message": "此欄位為必填。"}
    ]


@pytest.mark.parametrize(
    ("path", "headers", "loc", "code"),
    [
        (NOTES, {}, ["header", "X-Organization-ID"], "MISSING"),
        (NOTES, {"X-Organization-ID": "abc"}, ["header", "X-Organization-ID"], "UUID_PARSING"),
        (f"{NOTES}/not-a-uuid", None, ["path", "note_id"], "UUID_PARSING"),
        (f"{NOTES}?page=0", None, ["query", "page"], "GREATER_THAN_EQUAL"),
        (f"{NOTES}?page_size=101", None, ["query", "page_size"], "LESS_THAN_EQUAL"),
        ("/api/v1/beta/database/sleep?seconds=0", None, ["query", "seconds"], "GREATER_THAN"),
        ("/api/v1/beta/database/sleep", None, ["query", "seconds"], "MISSING"),
    ],
)
async def test_every_kind_of_parameter_is_validated(
    path: str,
    headers: dict[str, str] | None,
    loc: list[str],
    code: str,
    platform_client: httpx.AsyncClient,
    org_headers: dict[str, str],
) -> None:
    response = await platform_client.get(path, headers=org_headers if headers is None else headers)

    assert response.status_code == 422
    details = error_of(response)["details"]
    assert [(item["loc"], item["code"]) for item in details] == [(loc, code)]  # type: ignore[attr-defined]


async def test_a_body_of_the_wrong_shape_is_422(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    response = await platform_client.post(NOTES, json=["A-1"], headers=org_headers)

    assert response.status_code == 422
    assert error_of(response)["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"code": "A-1", ',
        b"{'code': 1}",
        b"\xff\xfe",
        # Past the decoder's syntax checks: bytes that are not UTF-8, nesting deeper than its
        # recursion limit, an integer longer than Python converts.
        b'{"code": "A-1", "title": "caf\xe9"}',
        b'{"code": "A-1", "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"code": "A-1", "title": "t", "quantity": ' + b"9" * 5000 + b"}",
    ],
)
async def test_malformed_json_is_400(
    raw: bytes, platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    response = await platform_client.post(
        NOTES,
        content=raw,
        headers={**org_headers, "Content-Type": "application/json", "Accept-Language": "en"},
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "MALFORMED_JSON"
    assert error["message"] == "The request body is not valid JSON."
    assert [detail["code"] for detail in error["details"]] == ["JSON_INVALID"]  # type: ignore[attr-defined]


# -- domain errors -------------------------------------------------------------------------------


async def test_a_module_error_uses_the_module_catalogue(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    missing = f"{NOTES}/{uuid.uuid4()}"

    zh = await platform_client.get(missing, headers=org_headers)
    en = await platform_client.get(missing, headers={**org_headers, "Accept-Language": "en"})

    assert zh.status_code == en.status_code == 404
    assert error_of(zh)["message"] == "找不到指定的筆記。"
    assert error_of(en)["message"] == "The note was not found."
    assert error_of(en)["code"] == "ALPHA_NOTE_NOT_FOUND"


async def test_another_organisations_row_is_not_found(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    created = await platform_client.post(NOTES, json=note("MINE"), headers=org_headers)
    note_id = created.json()["data"]["id"]

    response = await platform_client.get(
        f"{NOTES}/{note_id}", headers={"X-Organization-ID": str(uuid.uuid4())}
    )

    assert response.status_code == 404
    assert error_of(response)["code"] == "ALPHA_NOTE_NOT_FOUND"


async def test_a_failed_business_rule_through_a_module_door(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    created = await platform_client.post(NOTES, json=note("EMPTY"), headers=org_headers)
    note_id = created.json()["data"]["id"]

    response = await platform_client.get(f"{NOTES}/{note_id}/tally", headers=org_headers)

    assert response.status_code == 422
    assert error_of(response)["code"] == "BETA_TALLY_EMPTY"


async def test_missing_credentials_are_401_with_a_bearer_challenge(
    platform_client: httpx.AsyncClient,
) -> None:
    response = await platform_client.get("/api/v1/gamma/me")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert error_of(response)["code"] == "AUTHENTICATION_REQUIRED"


async def test_a_bad_token_is_401_with_the_resolvers_code(
    platform_client: httpx.AsyncClient,
) -> None:
    response = await platform_client.get(
        "/api/v1/gamma/me", headers={"Authorization": "Bearer nonsense"}
    )

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert error_of(response)["code"] == "GAMMA_TOKEN_INVALID"


async def test_a_missing_permission_is_403(platform_client: httpx.AsyncClient) -> None:
    token = f"{uuid.uuid4()}:{uuid.uuid4()}:viewer"

    response = await platform_client.get(
        "/api/v1/gamma/inspections", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 403
    assert error_of(response)["code"] == "PERMISSION_DENIED"


# -- optimistic locking over HTTP ----------------------------------------------------------------


async def test_if_match_guards_edits(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    created = await platform_client.post(NOTES, json=note("LOCK"), headers=org_headers)
    url = f"{NOTES}/{created.json()['data']['id']}"
    read = await platform_client.get(url, headers=org_headers)

    missing = await platform_client.patch(url, json={"quantity": 2}, headers=org_headers)
    malformed = await platform_client.patch(
        url, json={"quantity": 2}, headers={**org_headers, "If-Match": "version one"}
    )
    edited = await platform_client.patch(
        url, json={"quantity": 2}, headers={**org_headers, "If-Match": read.headers["ETag"]}
    )
    stale = await platform_client.patch(
        url, json={"quantity": 3}, headers={**org_headers, "If-Match": '"1"'}
    )

    assert read.headers["ETag"] == '"1"'
    assert missing.status_code == 428
    assert error_of(missing)["code"] == "PRECONDITION_REQUIRED"
    assert malformed.status_code == 400
    assert error_of(malformed)["code"] == "INVALID_IF_MATCH"
    assert edited.status_code == 200
    assert edited.headers["ETag"] == '"2"'
    assert edited.json()["data"]["quantity"] == 2
    assert stale.status_code == 412
    assert stale.headers["ETag"] == '"2"'
    stale_error = error_of(stale)
    assert stale_error["code"] == "PRECONDITION_FAILED"
    assert stale_error["details"] == [
        {
            "loc": ["header", "If-Match"],
            "code": "STALE_VERSION",
            "current_version": 2,
            "message": "目前版本為 2。",
        }
    ]


# -- database constraints ------------------------------------------------------------------------


async def test_a_mapped_unique_violation_is_409_with_the_module_code(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    first = await platform_client.post(NOTES, json=note("DUP"), headers=org_headers)

    second = await platform_client.post(
        NOTES,
        json={"code": "DUP", "title": "Other title"},
        headers={**org_headers, "Accept-Language": "en"},
    )

    assert first.status_code == 201
    assert second.status_code == 409
    error = error_of(second)
    assert error["code"] == "ALPHA_NOTE_CODE_TAKEN"
    assert error["message"] == "The note code is already taken."
    assert error["details"] == [
        {
            "code": "DUPLICATE_VALUE",
            "constraint": "uq_platform_note_organization_id_code",
            "message": "A record with the same value already exists.",
        }
    ]


async def test_the_same_code_in_another_organisation_is_fine(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    first = await platform_client.post(NOTES, json=note("SHARED"), headers=org_headers)
    second = await platform_client.post(
        NOTES, json=note("SHARED"), headers={"X-Organization-ID": str(uuid.uuid4())}
    )

    assert (first.status_code, second.status_code) == (201, 201)


async def test_an_unmapped_unique_violation_is_logged_and_answered_500(
    platform_client: httpx.AsyncClient,
    org_headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    await platform_client.post(NOTES, json={"code": "T-1", "title": "Same"}, headers=org_headers)
    caplog.set_level(logging.ERROR, logger="shopfloor.errors")

    response = await platform_client.post(
        NOTES, json={"code": "T-2", "title": "Same"}, headers=org_headers
    )

    assert response.status_code == 500
    assert error_of(response)["code"] == "INTERNAL_ERROR"
    assert "uq_platform_note" not in response.text
    logged = [record for record in caplog.records if record.name == "shopfloor.errors"]
    assert len(logged) == 1
    assert logged[0].getMessage() == (
        "unmapped unique violation on uq_platform_note_organization_id_title"
    )
    assert logged[0].request_id == response.headers["X-Request-ID"]  # type: ignore[attr-defined]
    assert logged[0].exc_info is not None


async def test_another_integrity_error_is_logged_and_answered_500(
    platform_client: httpx.AsyncClient,
    org_headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR, logger="shopfloor.errors")

    response = await platform_client.post(NOTES, json=note("NEG", quantity=-1), headers=org_headers)

    assert response.status_code == 500
    assert error_of(response)["code"] == "INTERNAL_ERROR"
    logged = [record for record in caplog.records if record.name == "shopfloor.errors"]
    assert [record.getMessage() for record in logged] == ["unhandled error: IntegrityError"]


# -- unexpected errors ---------------------------------------------------------------------------


async def test_an_unexpected_error_is_500_without_internals_and_logged_with_the_request_id(
    platform_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="shopfloor.errors")

    response = await platform_client.get(
        "/api/v1/beta/crash", headers={"X-Request-ID": "crash-42", "Accept-Language": "en"}
    )

    assert response.status_code == 500
    error = error_of(response)
    assert error == {
        "code": "INTERNAL_ERROR",
        "message": "An unexpected server error occurred; report the request id to your "
        "administrator.",
        "details": [],
    }
    assert response.json()["request_id"] == "crash-42"
    for leak in ("hunter2", "RuntimeError", "postgresql", "Traceback", "router.py"):
        assert leak not in response.text
    logged = [record for record in caplog.records if record.name == "shopfloor.errors"]
    assert len(logged) == 1
    assert logged[0].request_id == "crash-42"  # type: ignore[attr-defined]
    assert logged[0].exc_info is not None
    assert "hunter2" in str(logged[0].exc_info[1])


@pytest.mark.parametrize(
    ("path", "error_type"),
    [
        ("/api/v1/beta/crash/missing-file", "FileNotFoundError"),
        ("/api/v1/beta/crash/timeout", "TimeoutError"),
    ],
)
async def test_an_os_error_outside_the_database_is_500_not_503(
    path: str,
    error_type: str,
    platform_client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Both are OSError subclasses, like a refused database socket, but the database is fine.
    caplog.set_level(logging.WARNING, logger="shopfloor.errors")

    response = await platform_client.get(path, headers={"Accept-Language": "en"})

    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert error_of(response)["code"] == "INTERNAL_ERROR"
    logged = [record for record in caplog.records if record.name == "shopfloor.errors"]
    assert [record.getMessage() for record in logged] == [f"unhandled error: {error_type}"]
    assert logged[0].levelno == logging.ERROR
    assert logged[0].exc_info is not None


# -- values the database refuses -----------------------------------------------------------------

CAST = "/api/v1/beta/database/cast"


@pytest.mark.parametrize(
    ("value", "target"),
    [
        ("a\x00b", "text"),  # SQLSTATE 22021 from the server
        ("0001-01-01T00:00:00+08:00", "timestamptz"),  # the driver overflows moving it to UTC
        ("9999-12-31T23:00:00-08:00", "timestamptz"),
        (str(2**40), "integer"),  # the driver cannot encode it as int4
        ("99999999999", "text_to_integer"),  # SQLSTATE 22003 from the server
    ],
)
async def test_a_value_the_database_refuses_is_422_invalid_value_and_logged(
    value: str,
    target: str,
    platform_client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="shopfloor.errors")

    response = await platform_client.get(
        CAST, params={"value": value, "target": target}, headers={"X-Request-ID": "value-7"}
    )

    assert response.status_code == 422
    assert error_of(response) == {
        "code": "INVALID_VALUE",
        "message": "請求中的值無法儲存：超出允許的範圍，或含有不允許的字元。",
        "details": [],
    }
    for leak in ("asyncpg", "SQLSTATE", "0x00", "out of range", "Traceback"):
        assert leak not in response.text
    logged = [record for record in caplog.records if record.name == "shopfloor.errors"]
    assert len(logged) == 1
    assert logged[0].levelno == logging.WARNING
    assert logged[0].getMessage().startswith("value refused by the database: ")
    assert logged[0].request_id == "value-7"  # type: ignore[attr-defined]
    assert logged[0].exc_info is not None


async def test_invalid_value_speaks_english_on_request(platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.get(
        CAST, params={"value": "\x00", "target": "text"}, headers={"Accept-Language": "en"}
    )

    assert response.status_code == 422
    assert error_of(response)["message"] == (
        "A value in the request cannot be stored: it is out of range or contains "
        "a character that is not allowed."
    )


async def test_the_connection_serves_the_next_request_after_a_refused_value(
    platform_client: httpx.AsyncClient,
) -> None:
    refused = await platform_client.get(CAST, params={"value": "x\x00", "target": "text"})
    served = await platform_client.get(CAST, params={"value": "工單 7", "target": "text"})

    assert refused.status_code == 422
    assert served.status_code == 200
    assert served.json()["data"] == "工單 7"


async def test_a_value_of_the_wrong_python_type_stays_a_500(
    platform_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    # The driver refuses a str for an integer too, but that is a mistake in our code.
    caplog.set_level(logging.WARNING, logger="shopfloor.errors")

    response = await platform_client.get(CAST, params={"value": "12", "target": "wrong_type"})

    assert response.status_code == 500
    assert error_of(response)["code"] == "INTERNAL_ERROR"
    logged = [record for record in caplog.records if record.name == "shopfloor.errors"]
    assert [record.levelno for record in logged] == [logging.ERROR]
    assert logged[0].exc_info is not None


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-TW", "此欄位的值無效。"), ("en", "Input should be a multiple of 5")],
)
async def test_a_rule_without_its_own_text_still_answers_in_the_callers_language(
    language: str, message: str, platform_client: httpx.AsyncClient
) -> None:
    response = await platform_client.get(
        "/api/v1/beta/rules/batch", params={"size": 7}, headers={"Accept-Language": language}
    )

    assert response.status_code == 422
    assert error_of(response)["details"] == [
        {"loc": ["query", "size"], "code": "MULTIPLE_OF", "message": message}
    ]


# -- languages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "zh-TW"),
        ("", "zh-TW"),
        ("en", "en"),
        ("en-US", "en"),
        ("EN-gb", "en"),
        ("zh-TW", "zh-TW"),
        ("zh", "zh-TW"),
        ("zh-Hant-TW", "zh-TW"),
        ("fr, en;q=0.5", "en"),
        ("zh-TW;q=0.4, en;q=0.8", "en"),
        ("en;q=0.3, zh;q=0.9", "zh-TW"),
        ("en;q=0", "zh-TW"),
        ("en;q=abc", "zh-TW"),
        ("de, fr", "zh-TW"),
        ("*", "zh-TW"),
        ("en, zh-TW", "en"),
    ],
)
def test_accept_language_is_negotiated_with_q_values(header: str | None, locale: str) -> None:
    assert negotiate_locale(header) == locale


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "找不到指定的資源。"),
        ("en-US,en;q=0.9", "The resource was not found."),
        ("zh-TW;q=0.5, en;q=0.6", "The resource was not found."),
        ("en;q=0.5, zh-TW", "找不到指定的資源。"),
    ],
)
async def test_error_messages_follow_accept_language(
    header: str | None, message: str, platform_client: httpx.AsyncClient
) -> None:
    headers = {"Accept-Language": header} if header is not None else {}

    response = await platform_client.get("/nowhere", headers=headers)

    assert error_of(response)["message"] == message
    assert response.headers["Content-Language"] == ("en" if message.startswith("The") else "zh-TW")


async def test_the_default_locale_comes_from_settings(make_app: AppFactory) -> None:
    app = make_app(default_locale="en")

    async with http_client(app) as client:
        plain = await client.get("/nowhere")
        chinese = await client.get("/nowhere", headers={"Accept-Language": "zh-TW"})

    assert error_of(plain)["message"] == "The resource was not found."
    assert error_of(chinese)["message"] == "找不到指定的資源。"
