"""The rules of the OpenAPI contract (docs/api.md), checked on every operation."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from shopfloor.core.headers import IF_MATCH_PATTERN
from shopfloor.core.i18n import MessageBook
from tests.support.openapi_walk import content_schema, operations, resolve

PUBLIC = {
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/auth/logout"),
    ("GET", "/health"),
    ("GET", "/health/ready"),
}
# The fields partial updates refuse null for (422 NOT_NULLABLE), by body schema.
NOT_NULLABLE = {
    "WorkCenterUpdate": {"code", "name", "state"},
    "CustomerUpdate": {"code", "name"},
    "ItemUpdate": {"code", "name", "uom", "tracking"},
    "WorkOrderUpdate": {"order_number", "product_model", "quantity", "priority"},
    "DispatchUpdate": {"work_center_id", "sequence", "planned_qty"},
    "UserUpdate": {"full_name", "role", "is_active"},
    "RoutingUpdate": {"is_default", "operations"},
    "OperationUpdate": {"work_center_id"},
}


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _nullable(schema: dict[str, Any]) -> bool:
    branches = schema.get("anyOf", [])
    return schema.get("type") == "null" or any(item.get("type") == "null" for item in branches)


def _successes(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for status, item in operation["responses"].items() if status[0] == "2"]


def _errors(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {status: item for status, item in operation["responses"].items() if status[0] in "45"}


def _header(operation: dict[str, Any], name: str) -> dict[str, Any] | None:
    found = [item for item in operation.get("parameters", []) if item["name"] == name]
    return found[0] if found else None


def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    validate(document)


def test_the_installation_is_described(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "/"}]
    assert document["info"]["contact"] == {"name": "Shopfloor"}
    assert document["info"]["license"] == {"name": "Apache-2.0", "identifier": "Apache-2.0"}


def test_public_operations_say_so_and_the_others_need_the_bearer(
    document: dict[str, Any],
) -> None:
    for method, path, operation in operations(document):
        if (method, path) in PUBLIC:
            assert operation["security"] == [], f"{method} {path}"
        else:
            assert operation["security"] == [{"OAuth2PasswordBearer": []}], f"{method} {path}"


def test_if_match_is_required_wherever_428_is_possible(document: dict[str, Any]) -> None:
    reading = []
    for method, path, operation in operations(document):
        header = _header(operation, "If-Match")
        precondition = operation["responses"].get("428")
        if header is None:
            assert precondition is None or "If-Match" not in precondition["description"]
            continue
        reading.append((method, path))
        assert header["required"] is True
        assert header["schema"] == {
            "type": "string",
            "pattern": IF_MATCH_PATTERN,
            "examples": ['"3"'],
        }
        assert {"400", "412", "428"} <= set(operation["responses"]), f"{method} {path}"
    # Among them an order operation's PATCH and skip.
    assert len(reading) == 19


def test_no_parameter_is_nullable_and_accept_language_is_everywhere(
    document: dict[str, Any],
) -> None:
    for method, path, operation in operations(document):
        for parameter in operation["parameters"]:
            assert not _nullable(parameter["schema"]), f"{method} {path} {parameter['name']}"
        assert _header(operation, "Accept-Language") is not None, f"{method} {path}"


def test_partial_updates_declare_null_only_where_it_is_accepted(
    document: dict[str, Any],
) -> None:
    found: dict[str, set[str]] = {}
    for method, _, operation in operations(document):
        if method != "PATCH":
            continue
        ref = content_schema(operation["requestBody"])["$ref"]
        name = ref.rsplit("/", 1)[-1]
        schema = resolve(document, {"$ref": ref})
        if name != "UserSelfUpdate":
            assert schema.get("required", []) == [], name
        found[name] = {key for key, item in schema["properties"].items() if not _nullable(item)}
        for key in found[name]:
            assert "default" not in schema["properties"][key], f"{name}.{key}"
    # The self-service name change requires its one field.
    assert found.pop("UserSelfUpdate") == {"full_name"}
    assert found == NOT_NULLABLE


def test_request_bodies_are_objects_a_client_can_always_send(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        body = operation.get("requestBody")
        if body is None:
            continue
        for media_type, media in body["content"].items():
            if media_type == "text/csv":
                # A file, not an object: the text itself, its columns described.
                assert media["schema"]["type"] == "string", f"{method} {path}"
                assert body["required"] is True, f"{method} {path}"
                continue
            assert "$ref" in media["schema"], f"{method} {path}"
            if body.get("required") is not True:
                # Optional only where no body means the empty object: nothing in it required.
                name = media["schema"]["$ref"].rsplit("/", 1)[-1]
                assert not document["components"]["schemas"][name].get("required"), name


def _response_schemas(document: dict[str, Any], schema: dict[str, Any], seen: set[str]) -> None:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            return
        seen.add(name)
        schema = resolve(document, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        for item in schema.get(key, []):
            _response_schemas(document, item, seen)
    if "items" in schema:
        _response_schemas(document, schema["items"], seen)
    for item in schema.get("properties", {}).values():
        _response_schemas(document, item, seen)


def test_answers_require_every_field_the_server_always_sends(document: dict[str, Any]) -> None:
    seen: set[str] = set()
    for _, _, operation in operations(document):
        for response in _successes(operation):
            _response_schemas(document, content_schema(response), seen)
    schemas = document["components"]["schemas"]
    checked = 0
    for name in sorted(seen):
        schema = schemas[name]
        if "properties" in schema:
            assert set(schema.get("required", [])) == set(schema["properties"]), name
            checked += 1
    assert {"WorkOrderRead", "DispatchRead", "WorkOrderEnvelope", "TokenPair"} <= seen
    assert checked >= 30


# Reports and reversals are created without an address of their own to read them at.
REPORT_WRITES = {
    "/api/v1/dispatches/{dispatch_id}/reports",
    "/api/v1/production-reports/{report_id}/reverse",
}


def test_every_answer_names_its_headers(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            headers = response["headers"]
            where = f"{method} {path} {status}"
            assert "X-Request-ID" in headers, where
            if status[0] in "45":
                assert "Content-Language" in headers, where
            if status in ("429", "503"):
                assert "Retry-After" in headers, where
            if status == "401":
                assert "WWW-Authenticate" in headers, where
            if status == "412":
                assert "ETag" in headers, where
            if status == "201" and path not in REPORT_WRITES:
                assert "Location" in headers, where


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/api/v1/work-orders", "201"),
        ("GET", "/api/v1/work-orders/{work_order_id}", "200"),
        ("PATCH", "/api/v1/work-orders/{work_order_id}", "200"),
        ("POST", "/api/v1/work-orders/{work_order_id}/{action}", "200"),
        ("POST", "/api/v1/work-orders/{work_order_id}/dispatches", "201"),
        ("GET", "/api/v1/dispatches/{dispatch_id}", "200"),
        ("POST", "/api/v1/dispatches/{dispatch_id}/reports", "201"),
        ("POST", "/api/v1/production-reports/{report_id}/reverse", "201"),
        ("POST", "/api/v1/dispatches/{dispatch_id}/{action}", "200"),
        ("GET", "/api/v1/customers/{customer_id}", "200"),
        ("POST", "/api/v1/work-centers/{work_center_id}/deactivate", "200"),
    ],
)
def test_single_resource_answers_carry_the_etag(
    document: dict[str, Any], method: str, path: str, status: str
) -> None:
    headers = document["paths"][path][method.lower()]["responses"][status]["headers"]

    assert headers["ETag"]["required"] is True


def test_every_error_lists_its_codes_with_an_example_in_both_languages(
    app: FastAPI, document: dict[str, Any]
) -> None:
    messages: MessageBook = app.state.messages
    for method, path, operation in operations(document):
        for status, response in _errors(operation).items():
            where = f"{method} {path} {status}"
            media = response["content"]["application/json"]
            schema = resolve(document, media["schema"])
            codes = schema["properties"]["error"]["properties"]["code"]["enum"]
            assert codes, where
            assert len(codes) == len(set(codes)), where
            shown = {
                (item["value"]["error"]["code"], item["value"]["error"]["message"])
                for item in media["examples"].values()
            }
            assert {code for code, _ in shown} == set(codes), where
            for code in codes:
                texts = {text for shown_code, text in shown if shown_code == code}
                real = {messages.render(code, locale) for locale in ("zh-TW", "en")}
                # One text per language, each the catalogue's (with example parameters).
                assert len(texts) == len(real) == 2, f"{where} {code}"
                assert all("{" not in text for text in texts), f"{where} {code}"


def test_conflict_and_validation_details_have_schemas(document: dict[str, Any]) -> None:
    action = document["paths"]["/api/v1/work-orders/{work_order_id}/{action}"]["post"]
    conflict = resolve(document, content_schema(action["responses"]["409"]))
    items = conflict["properties"]["error"]["properties"]["details"]["items"]
    names = {ref["$ref"].rsplit("/", 1)[-1] for ref in items["anyOf"]}
    stale = resolve(document, content_schema(action["responses"]["412"]))
    stale_items = stale["properties"]["error"]["properties"]["details"]["items"]

    assert {"AllowedActionsDetail", "ActiveDispatchDetail"} <= names
    assert stale_items == {"$ref": "#/components/schemas/StaleVersionDetail"}
    allowed = document["components"]["schemas"]["AllowedActionsDetail"]
    assert {"current_status", "action", "allowed_actions", "code", "message"} <= set(
        allowed["required"]
    )
    invalid = resolve(document, content_schema(action["responses"]["422"]))
    invalid_items = invalid["properties"]["error"]["properties"]["details"]["items"]
    assert {"$ref": "#/components/schemas/FieldErrorDetail"} in invalid_items["anyOf"]


def test_the_main_operations_have_request_and_answer_examples(document: dict[str, Any]) -> None:
    main = [
        ("post", "/api/v1/work-orders", "201", True),
        ("get", "/api/v1/work-orders", "200", False),
        ("get", "/api/v1/work-orders/{work_order_id}", "200", False),
        ("post", "/api/v1/work-orders/{work_order_id}/{action}", "200", True),
        ("post", "/api/v1/work-orders/{work_order_id}/dispatches", "201", True),
        ("post", "/api/v1/dispatches/{dispatch_id}/reports", "201", True),
    ]
    for method, path, status, has_body in main:
        operation = document["paths"][path][method]
        assert operation["responses"][status]["content"]["application/json"]["examples"], path
        if has_body:
            assert operation["requestBody"]["content"]["application/json"]["examples"], path


def _examples(document: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    found = []
    for method, path, operation in operations(document):
        media = [operation.get("requestBody", {}).get("content", {}).get("application/json")]
        media += [
            item.get("content", {}).get("application/json")
            for item in operation["responses"].values()
        ]
        for item in media:
            for name, example in (item or {}).get("examples", {}).items():
                found.append((f"{method} {path} {name}", item["schema"], example["value"]))
    return found


def test_every_example_is_valid_for_its_schema(document: dict[str, Any]) -> None:
    examples = _examples(document)
    for where, schema, value in examples:
        root = {**schema, "components": document["components"]}
        errors = list(OAS31Validator(root).iter_errors(value))
        assert errors == [], f"{where}: {errors[0].message if errors else ''}"
    assert len(examples) > 500
