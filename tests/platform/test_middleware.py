"""Middleware: request id, access log, security headers, CORS and the body limit."""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from shopfloor.core.config import AppSettings
from shopfloor.core.logging import JsonFormatter, TextFormatter, configure_logging
from tests.platform.asgi import raw_request
from tests.platform.conftest import AppFactory, http_client, platform_settings

GENERATED_ID = re.compile(r"^[0-9a-f]{32}$")

# -- request id ------------------------------------------------------------------------------


async def test_a_request_id_is_generated_and_echoed(platform_client: httpx.AsyncClient) -> None:
    first = await platform_client.get("/health")
    second = await platform_client.get("/health")

    assert GENERATED_ID.match(first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.parametrize(
    "sane", ["abc", "req-2026-11-25.001", "a" * 128, "trace:span_1", str(uuid.uuid4())]
)
async def test_a_sane_request_id_is_kept(sane: str, platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.get("/nowhere", headers={"X-Request-ID": sane})

    assert response.headers["X-Request-ID"] == sane
    assert response.json()["request_id"] == sane


@pytest.mark.parametrize(
    "insane",
    [
        pytest.param(b"a" * 300, id="300 characters"),
        pytest.param(b"a" * 129, id="129 characters"),
        pytest.param(b"has spaces in it", id="spaces"),
        pytest.param(b"line\nbreak", id="newline"),
        pytest.param(b"-leading-dash", id="leading dash"),
        pytest.param(b"<script>", id="markup"),
        pytest.param("caf\u00e9".encode("latin-1"), id="non-ascii"),
        pytest.param(b"", id="empty"),
    ],
)
async def test_an_insane_request_id_is_replaced(insane: bytes, make_app: AppFactory) -> None:
    app = make_app()

    response = await raw_request(app, "/nowhere", headers=[(b"x-request-id", insane)])

    echoed = response.headers["x-request-id"]
    assert GENERATED_ID.match(echoed)
    assert json.loads(response.body)["request_id"] == echoed


# -- access log ------------------------------------------------------------------------------


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "shopfloor.access"]


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="shopfloor.access")
    return caplog


async def test_one_access_line_per_request_with_its_fields(
    platform_client: httpx.AsyncClient, access_log: pytest.LogCaptureFixture
) -> None:
    response = await platform_client.get(
        "/api/v1/alpha/label?x=1", headers={"X-Request-ID": "log-1"}
    )

    records = access_records(access_log)
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.INFO
    assert record.method == "GET"  # type: ignore[attr-defined]
    assert record.path == "/api/v1/alpha/label"  # type: ignore[attr-defined]
    assert record.status == response.status_code == 200  # type: ignore[attr-defined]
    assert isinstance(record.duration_ms, float)  # type: ignore[attr-defined]
    assert record.duration_ms >= 0  # type: ignore[attr-defined]
    assert record.request_id == "log-1"  # type: ignore[attr-defined]
    assert record.user_id is None  # type: ignore[attr-defined]
    assert record.getMessage().startswith("GET /api/v1/alpha/label 200 ")


async def test_the_access_line_names_the_authenticated_user(
    platform_client: httpx.AsyncClient, access_log: pytest.LogCaptureFixture
) -> None:
    user_id = uuid.uuid4()
    token = f"{user_id}:{uuid.uuid4()}:admin"

    await platform_client.get("/api/v1/gamma/me", headers={"Authorization": f"Bearer {token}"})

    (record,) = access_records(access_log)
    assert record.user_id == str(user_id)  # type: ignore[attr-defined]
    assert record.status == 200  # type: ignore[attr-defined]


async def test_errors_are_logged_with_their_status(
    platform_client: httpx.AsyncClient, access_log: pytest.LogCaptureFixture
) -> None:
    await platform_client.get("/api/v1/beta/crash")
    await platform_client.delete("/health")

    statuses = [record.status for record in access_records(access_log)]  # type: ignore[attr-defined]
    assert statuses == [500, 405]


async def test_successful_liveness_probes_are_not_logged(
    platform_client: httpx.AsyncClient, access_log: pytest.LogCaptureFixture
) -> None:
    await platform_client.get("/health")
    await platform_client.get("/health/ready")

    assert [record.path for record in access_records(access_log)] == ["/health/ready"]  # type: ignore[attr-defined]


async def test_the_json_formatter_writes_one_object_per_line(
    platform_client: httpx.AsyncClient, access_log: pytest.LogCaptureFixture
) -> None:
    user_id = uuid.uuid4()
    token = f"{user_id}:{uuid.uuid4()}:admin"
    await platform_client.get(
        "/api/v1/gamma/me", headers={"Authorization": f"Bearer {token}", "X-Request-ID": "j-1"}
    )
    (record,) = access_records(access_log)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    payload = json.loads(line)
    assert payload["level"] == "INFO"
    assert payload["logger"] == "shopfloor.access"
    assert payload["msg"].startswith("GET /api/v1/gamma/me 200 ")
    assert payload["method"] == "GET"
    assert payload["path"] == "/api/v1/gamma/me"
    assert payload["status"] == 200
    assert payload["request_id"] == "j-1"
    assert payload["user_id"] == str(user_id)
    assert payload["client"] == "127.0.0.1"
    assert isinstance(payload["duration_ms"], float)
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", payload["ts"])


def test_the_json_formatter_keeps_the_traceback_in_one_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "shopfloor.errors", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    record.request_id = "r-9"

    line = JsonFormatter().format(record)

    payload = json.loads(line)
    assert "\n" not in line
    assert payload["request_id"] == "r-9"
    assert "ValueError: boom" in payload["exc"]


def test_the_json_formatter_leaves_out_terminal_colours() -> None:
    record = logging.LogRecord(
        "uvicorn.error", logging.INFO, __file__, 1, "Started server process [%d]", (42,), None
    )
    record.color_message = "Started server process [\x1b[36m%d\x1b[0m]"

    payload = json.loads(JsonFormatter().format(record))

    assert payload["msg"] == "Started server process [42]"
    assert "color_message" not in payload


def test_the_text_formatter_appends_the_request_id() -> None:
    record = logging.LogRecord("shopfloor.errors", logging.ERROR, __file__, 1, "bad", None, None)
    record.request_id = "r-7"

    assert TextFormatter().format(record).endswith("shopfloor.errors: bad [request_id=r-7]")


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access")
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        access.disabled = False


@pytest.mark.usefixtures("root_logging")
@pytest.mark.parametrize(
    ("json_format", "formatter"), [(True, JsonFormatter), (False, TextFormatter)]
)
def test_configure_logging_installs_one_handler(
    json_format: bool, formatter: type[logging.Formatter]
) -> None:
    configure_logging(level="warning", json_format=json_format)

    root = logging.getLogger()
    assert len(root.handlers) == 1
    assert isinstance(root.handlers[0].formatter, formatter)
    assert root.level == logging.WARNING
    assert logging.getLogger("uvicorn.access").disabled


@pytest.mark.parametrize(
    ("app_env", "log_format", "json_logs"),
    [
        ("prod", "auto", True),
        ("dev", "auto", False),
        ("dev", "json", True),
        ("prod", "text", False),
    ],
)
def test_json_logs_are_the_default_in_prod(app_env: str, log_format: str, json_logs: bool) -> None:
    settings = platform_settings(
        "postgresql://db/shopfloor", app_env=app_env, log_format=log_format
    )

    assert settings.json_logs is json_logs


# -- security headers ------------------------------------------------------------------------


async def test_security_headers_on_api_responses(platform_client: httpx.AsyncClient) -> None:
    for response in (
        await platform_client.get("/api/v1/alpha/label"),
        await platform_client.get("/nowhere"),
        await platform_client.get("/api/v1/beta/crash"),
    ):
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in headers


async def test_the_docs_page_keeps_its_own_policy(platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.get("/docs")

    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'; script-src")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("app_env", "hsts_enabled", "expected"),
    [("prod", None, True), ("dev", None, False), ("dev", True, True), ("prod", False, False)],
)
async def test_hsts_follows_the_environment_and_the_setting(
    app_env: str, hsts_enabled: bool | None, expected: bool, make_app: AppFactory
) -> None:
    async with http_client(make_app(app_env=app_env, hsts_enabled=hsts_enabled)) as client:
        response = await client.get("/health")

    assert ("Strict-Transport-Security" in response.headers) is expected
    if expected:
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


# -- CORS ------------------------------------------------------------------------------------

ORIGIN = "https://mes.example.com"


@pytest.fixture
async def cors_client(make_app: AppFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(make_app(cors_origins=[ORIGIN])) as client:
        yield client


async def test_a_preflight_from_an_allowed_origin(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.options(
        "/api/v1/alpha/notes/123",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "Authorization, If-Match, Content-Type",
        },
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "PATCH" in response.headers["Access-Control-Allow-Methods"]
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "if-match", "content-type"} <= set(allowed.replace(" ", "").split(","))
    assert response.headers["Access-Control-Max-Age"] == "600"
    assert "Access-Control-Allow-Credentials" not in response.headers


async def test_a_preflight_from_another_origin_is_refused(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.options(
        "/api/v1/alpha/notes",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )

    assert response.status_code == 400
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_a_simple_request_exposes_the_useful_headers(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.get("/api/v1/alpha/label", headers={"Origin": ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    exposed = {
        item.strip() for item in response.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert {"ETag", "X-Request-ID", "Retry-After", "Location"} <= exposed


async def test_credentials_are_allowed_only_when_configured(make_app: AppFactory) -> None:
    app = make_app(cors_origins=[ORIGIN], cors_allow_credentials=True)

    async with http_client(app) as client:
        response = await client.get("/api/v1/alpha/label", headers={"Origin": ORIGIN})

    assert response.headers["Access-Control-Allow-Credentials"] == "true"


async def test_without_origins_there_are_no_cors_headers(
    platform_client: httpx.AsyncClient,
) -> None:
    response = await platform_client.get("/api/v1/alpha/label", headers={"Origin": ORIGIN})
    preflight = await platform_client.options(
        "/api/v1/alpha/label",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
    )

    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert preflight.status_code == 405


# -- body limit ------------------------------------------------------------------------------

LIMIT = 2048


@pytest.fixture
async def limited_client(make_app: AppFactory, note_table: str) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(make_app(max_body_bytes=LIMIT)) as client:
        yield client


def padded_note(size: int) -> bytes:
    body = {"code": "BIG", "title": "x"}
    raw = json.dumps(body).encode()
    return raw[:-1] + b" " * (size - len(raw)) + b"}"


def assert_too_large(response: httpx.Response, locale: str) -> None:
    assert response.status_code == 413
    body = response.json()
    assert body["error"]["code"] == "PAYLOAD_TOO_LARGE"
    expected = {
        "en": f"The request body exceeds the limit of {LIMIT} bytes.",
        "zh-TW": f"請求內容超過 {LIMIT} 位元組的上限。",
    }[locale]
    assert body["error"]["message"] == expected
    assert body["request_id"] == response.headers["X-Request-ID"]


async def test_a_declared_length_over_the_limit_is_413(
    limited_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    response = await limited_client.post(
        "/api/v1/alpha/notes",
        content=padded_note(LIMIT + 1),
        headers={**org_headers, "Content-Type": "application/json", "Accept-Language": "en"},
    )

    assert_too_large(response, "en")


async def test_a_chunked_body_over_the_limit_is_413(
    limited_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    payload = padded_note(LIMIT * 3)

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(payload), 500):
            yield payload[start : start + 500]

    response = await limited_client.post(
        "/api/v1/alpha/notes",
        content=chunks(),
        headers={**org_headers, "Content-Type": "application/json"},
    )

    assert response.request.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in response.request.headers
    assert_too_large(response, "zh-TW")


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "chunked"])
async def test_a_body_at_the_limit_is_accepted(
    chunked: bool, limited_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    payload = padded_note(LIMIT)

    async def chunks() -> AsyncIterator[bytes]:
        yield payload[:1000]
        yield payload[1000:]

    response = await limited_client.post(
        "/api/v1/alpha/notes",
        content=chunks() if chunked else payload,
        headers={**org_headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 201


async def test_the_default_limit_is_one_mebibyte(
    make_app: AppFactory, note_table: str, org_headers: dict[str, str]
) -> None:
    # A declared length one byte over the default answers 413 before the body is read.
    default = AppSettings.model_fields["max_body_bytes"].default
    assert default == 1024 * 1024
    headers = {**org_headers, "Content-Type": "application/json", "Accept-Language": "en"}
    async with http_client(make_app()) as client:
        over = await client.post(
            "/api/v1/alpha/notes", content=padded_note(default + 1), headers=headers
        )
        at = await client.post("/api/v1/alpha/notes", content=padded_note(default), headers=headers)

    assert over.status_code == 413
    assert over.json()["error"] == {
        "code": "PAYLOAD_TOO_LARGE",
        "message": f"The request body exceeds the limit of {default} bytes.",
        "details": [],
    }
    assert at.status_code == 201
