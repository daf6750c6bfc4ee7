"""Success responses: the envelope, the list envelope with pagination, request facts."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from shopfloor.core.errors import ServiceUnavailableError, TooManyRequestsError
from shopfloor.core.exception_handlers import error_response

NOTES = "/api/v1/alpha/notes"


@pytest.mark.usefixtures("note_table")
async def test_a_created_row_comes_back_in_the_envelope(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    response = await platform_client.post(
        NOTES, json={"code": "E-1", "title": "Envelope", "quantity": 3}, headers=org_headers
    )

    body = response.json()
    assert response.status_code == 201
    assert set(body) == {"success", "data", "message"}
    assert body["success"] is True
    assert body["message"] is None
    assert body["data"]["code"] == "E-1"
    assert body["data"]["organization_id"] == org_headers["X-Organization-ID"]
    assert body["data"]["version"] == 1


@pytest.mark.usefixtures("note_table")
async def test_a_list_comes_back_in_pages(
    platform_client: httpx.AsyncClient, org_headers: dict[str, str]
) -> None:
    for index in range(5):
        await platform_client.post(
            NOTES, json={"code": f"L-{index}", "title": f"List {index}"}, headers=org_headers
        )

    second = await platform_client.get(f"{NOTES}?page=2&page_size=2", headers=org_headers)
    first_default = await platform_client.get(NOTES, headers=org_headers)
    beyond = await platform_client.get(f"{NOTES}?page=9&page_size=2", headers=org_headers)

    body = second.json()
    assert set(body) == {"success", "data", "pagination", "message"}
    assert [item["code"] for item in body["data"]] == ["L-2", "L-3"]
    assert body["pagination"] == {"total": 5, "page": 2, "page_size": 2, "pages": 3}
    assert first_default.json()["pagination"] == {
        "total": 5,
        "page": 1,
        "page_size": 20,
        "pages": 1,
    }
    assert beyond.json()["data"] == []
    assert beyond.json()["pagination"]["total"] == 5


async def test_request_facts_for_the_audit_trail(platform_client: httpx.AsyncClient) -> None:
    response = await platform_client.get(
        "/api/v1/gamma/request",
        headers={"X-Request-ID": "audit-7", "User-Agent": "scanner/" + "x" * 600},
    )

    facts = response.json()["data"]
    assert facts["request_id"] == "audit-7"
    assert facts["client_address"] == "127.0.0.1"
    assert facts["user_agent"].startswith("scanner/")
    assert len(facts["user_agent"]) == 512


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("line\x00scanner\x1b[31m/2", "linescanner[31m/2"),
        ("\x00\x01", None),
        ("tab\there", "tabhere"),
        ("caf\xe9 terminal", "caf\xe9 terminal"),
    ],
)
async def test_control_characters_never_reach_the_audit_trail(
    platform_client: httpx.AsyncClient, sent: str, kept: str | None
) -> None:
    response = await platform_client.get(
        "/api/v1/gamma/request", headers={"User-Agent": sent.encode("latin-1")}
    )

    assert response.status_code == 200
    assert response.json()["data"]["user_agent"] == kept


def render(app: FastAPI, error: Exception) -> httpx.Response:
    """The envelope the exception handler answers for `error` in `app`, in English."""
    assert isinstance(error, TooManyRequestsError | ServiceUnavailableError)
    scope = {"type": "http", "app": app, "headers": [(b"accept-language", b"en")], "state": {}}
    answer = error_response(
        scope,
        status_code=error.status_code,
        code=error.code,
        params=error.params,
        headers=error.headers,
    )
    body = bytes(answer.body)
    return httpx.Response(answer.status_code, headers=dict(answer.headers), content=body)


def test_too_many_requests_carries_retry_after(platform_app: FastAPI) -> None:
    response = render(platform_app, TooManyRequestsError(retry_after_s=0))

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.json()["error"]["message"] == "Too many requests; try again in 1 seconds."


def test_service_unavailable_is_the_database_code(platform_app: FastAPI) -> None:
    response = render(platform_app, ServiceUnavailableError(headers={"Retry-After": "5"}))

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "DATABASE_UNAVAILABLE"
