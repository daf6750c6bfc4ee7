"""The errors every operation documents, provoked for real on every operation.

Each answer is checked against the document by the test client itself (`tests/conftest.py`:
status, code and headers); here every operation is sent the requests that produce the
errors of its kind, and the codes they answer are the ones expected.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.support.identity import MakeUser
from tests.support.openapi_contract import Contract
from tests.support.openapi_walk import operations

FORM = "application/x-www-form-urlencoded"


def _url(path: str, operation: dict[str, Any]) -> str:
    for parameter in operation["parameters"]:
        if parameter["in"] != "path":
            continue
        schema = parameter["schema"]
        enum = schema.get("enum") or []
        value = enum[0] if enum else str(uuid.uuid4())
        if "$ref" in schema:
            value = "start"
        path = path.replace("{" + parameter["name"] + "}", value)
    return path


def _media(operation: dict[str, Any]) -> str | None:
    content = operation.get("requestBody", {}).get("content", {})
    return next(iter(content), None)


def _body(operation: dict[str, Any]) -> dict[str, Any]:
    media = _media(operation)
    if media is None:
        return {}
    examples = operation["requestBody"]["content"][media].get("examples", {})
    if examples:
        return {"json": next(iter(examples.values()))["value"]}
    if media == FORM:
        return {"data": {"username": "nobody@example.com", "password": "wrong-password"}}
    return {"json": {}}


async def test_every_operation_answers_its_generic_errors_as_documented(
    app: FastAPI, client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    document = app.openapi()
    contract = Contract(document)
    limit = app.state.max_body_bytes
    probed = 0
    for method, path, operation in operations(document):
        # Its own admin: signing out everywhere ends the sessions of the one before.
        admin = await make_user(role="admin")
        url = _url(path, operation)
        secured = bool(operation["security"])
        reads_if_match = any(item["name"] == "If-Match" for item in operation["parameters"])
        headers = {**admin.headers, "If-Match": '"1"'} if reads_if_match else admin.headers

        if secured:
            anonymous = await client.request(method, url, **_body(operation))
            forged = await client.request(
                method, url, headers={"Authorization": "Bearer not-a-token"}, **_body(operation)
            )
            assert contract.check(anonymous) == "AUTHENTICATION_REQUIRED", path
            assert contract.check(forged) == "INVALID_TOKEN", path
        if reads_if_match:
            missing = await client.request(method, url, headers=admin.headers, **_body(operation))
            garbled = await client.request(
                method, url, headers={**admin.headers, "If-Match": "abc"}, **_body(operation)
            )
            assert contract.check(missing) == "PRECONDITION_REQUIRED", path
            assert contract.check(garbled) == "INVALID_IF_MATCH", path
        if _media(operation) == "application/json":
            broken = await client.request(
                method,
                url,
                headers={**headers, "Content-Type": "application/json"},
                content=b'{"quantity": ',
            )
            assert contract.check(broken) == "MALFORMED_JSON", path
        too_large = await client.request(
            method,
            url,
            headers={**headers, "Content-Type": "application/json"},
            content=b" " * (limit + 1),
        )
        assert contract.check(too_large) == "PAYLOAD_TOO_LARGE", path
        # The admin on ids that do not exist: each answer is checked by the client.
        await client.request(method, url, headers=headers, **_body(operation))
        probed += 1
    assert probed == len(operations(document))


async def test_a_viewer_is_refused_as_documented(
    app: FastAPI, client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    document = app.openapi()
    contract = Contract(document)
    viewer = await make_user(role="viewer")
    refused = 0
    for method, path, operation in operations(document):
        own_account = path.startswith(("/api/v1/users/me", "/api/v1/auth/"))
        if method == "GET" or not operation["security"] or own_account:
            continue
        headers = {**viewer.headers, "If-Match": '"1"'}
        answer = await client.request(
            method, _url(path, operation), headers=headers, **_body(operation)
        )
        if answer.status_code == 403:
            assert contract.check(answer) == "PERMISSION_DENIED", path
            refused += 1
    assert refused >= 20


def test_an_undocumented_code_is_caught(app: FastAPI) -> None:
    contract = Contract(app.openapi())
    request = httpx.Request("GET", "http://testserver/api/v1/work-orders/" + str(uuid.uuid4()))
    answer = httpx.Response(
        404,
        json={"success": False, "error": {"code": "DISPATCH_NOT_FOUND"}},
        headers={"X-Request-ID": "r", "Content-Language": "en"},
        request=request,
    )

    with pytest.raises(AssertionError, match="DISPATCH_NOT_FOUND not documented"):
        contract.check(answer)
