"""Bad input answers 422 (or 400, 404, 428) in the error envelope with the field, never 500."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.routing import api
from tests.routing.conftest import Plant
from tests.work_order.test_validation import assert_invalid

OPERATION_CASES = [
    ("seq", 0, "GREATER_THAN_EQUAL"),
    ("seq", -10, "GREATER_THAN_EQUAL"),
    ("seq", 10_000, "LESS_THAN_EQUAL"),
    ("seq", 2**31, "LESS_THAN_EQUAL"),
    ("seq", 1.5, "INT_FROM_FLOAT"),
    ("seq", "ten", "INT_PARSING"),
    ("seq", None, "INT_TYPE"),
    ("name", "", "STRING_TOO_SHORT"),
    ("name", "   ", "STRING_TOO_SHORT"),
    ("name", "n" * 101, "STRING_TOO_LONG"),
    ("name", "Turn\ning", "INVALID_CHARACTER"),
    ("name", "Turning\u0000", "INVALID_CHARACTER"),
    ("name", None, "STRING_TYPE"),
    ("work_center_id", "not-a-uuid", "UUID_PARSING"),
    ("work_center_id", 5, "UUID_TYPE"),
    ("setup_min", -0.5, "GREATER_THAN_EQUAL"),
    ("setup_min", 10_080.5, "LESS_THAN_EQUAL"),
    ("setup_min", 1e308, "LESS_THAN_EQUAL"),
    ("setup_min", "long", "FLOAT_PARSING"),
    ("setup_min", None, "FLOAT_TYPE"),
    ("run_s_per_unit", -1, "GREATER_THAN_EQUAL"),
    ("run_s_per_unit", 604_801, "LESS_THAN_EQUAL"),
    ("run_s_per_unit", [], "FLOAT_TYPE"),
    ("instructions", "i" * 4001, "STRING_TOO_LONG"),
    ("instructions", "Step 1\u0007", "INVALID_CHARACTER"),
    ("instructions", 12, "STRING_TYPE"),
    ("position", 0, "EXTRA_FORBIDDEN"),
    ("id", str(uuid.uuid4()), "EXTRA_FORBIDDEN"),
]


@pytest.mark.parametrize(("field", "value", "code"), OPERATION_CASES)
async def test_operation_fields_are_bounded_on_create_and_on_edit(
    client: httpx.AsyncClient, plant: Plant, field: str, value: Any, code: str
) -> None:
    good = api.operation(plant.lathe["id"])
    bad = {**good, field: value}
    operations = [good, bad]
    draft = await api.create_routing(client, plant.headers, plant.item["id"], None)

    created = await client.post(
        api.ROUTINGS,
        json=api.routing_body(plant.item["id"], None, code="X", operations=operations),
        headers=plant.headers,
    )
    edited = await api.patch(client, plant.headers, draft, {"operations": operations})

    assert_invalid(created, ["body", "operations", 1, field], code)
    assert_invalid(edited, ["body", "operations", 1, field], code)
    assert (await api.read(client, plant.headers, draft["id"]))["revision"] == 1


@pytest.mark.parametrize("field", ["seq", "name", "work_center_id"])
async def test_an_operation_needs_seq_name_and_work_center(
    client: httpx.AsyncClient, plant: Plant, field: str
) -> None:
    operation = api.operation(plant.lathe["id"])
    del operation[field]

    response = await client.post(
        api.ROUTINGS,
        json=api.routing_body(plant.item["id"], None, operations=[operation]),
        headers=plant.headers,
    )

    assert_invalid(response, ["body", "operations", 0, field], "MISSING")


async def test_the_bounds_themselves_are_accepted(client: httpx.AsyncClient, plant: Plant) -> None:
    operations = [
        api.operation(
            plant.lathe["id"],
            1,
            name="n" * 100,
            setup_min=0,
            run_s_per_unit=0,
            instructions="i" * 4000,
        ),
        api.operation(plant.lathe["id"], 9999, setup_min=10_080, run_s_per_unit=604_800),
    ]
    routing = await api.create_routing(
        client, plant.headers, plant.item["id"], None, operations=operations
    )

    assert [op["seq"] for op in routing["operations"]] == [1, 9999]
    assert routing["operations"][1]["setup_min"] == 10_080
    assert routing["operations"][1]["run_s_per_unit"] == 604_800


async def test_at_most_a_hundred_operations(client: httpx.AsyncClient, plant: Plant) -> None:
    hundred = [api.operation(plant.lathe["id"], seq) for seq in range(1, 101)]

    accepted = await api.create_routing(
        client, plant.headers, plant.item["id"], None, operations=hundred
    )
    refused = await client.post(
        api.ROUTINGS,
        json=api.routing_body(
            plant.item["id"],
            None,
            code="MORE",
            operations=[*hundred, api.operation(plant.lathe["id"], 101)],
        ),
        headers=plant.headers,
    )

    assert len(accepted["operations"]) == 100
    assert_invalid(refused, ["body", "operations"], "TOO_LONG")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("code", "", "STRING_PATTERN_MISMATCH"),
        ("code", "C" * 33, "STRING_TOO_LONG"),
        ("code", "STD 1", "STRING_PATTERN_MISMATCH"),
        ("code", "-STD", "STRING_PATTERN_MISMATCH"),
        ("code", None, "STRING_TYPE"),
        ("item_id", "not-a-uuid", "UUID_PARSING"),
        ("item_id", None, "UUID_TYPE"),
        ("is_default", "perhaps", "BOOL_PARSING"),
        ("is_default", None, "BOOL_TYPE"),
        ("operations", None, "LIST_TYPE"),
        ("operations", {"seq": 10}, "LIST_TYPE"),
        ("version", 2, "EXTRA_FORBIDDEN"),
        ("status", "released", "EXTRA_FORBIDDEN"),
        ("revision", 1, "EXTRA_FORBIDDEN"),
        ("organization_id", str(uuid.uuid4()), "EXTRA_FORBIDDEN"),
        ("copied_from_id", str(uuid.uuid4()), "EXTRA_FORBIDDEN"),
    ],
)
async def test_create_fields_are_checked(
    client: httpx.AsyncClient, plant: Plant, field: str, value: Any, code: str
) -> None:
    body = {**api.routing_body(plant.item["id"], plant.lathe["id"]), field: value}

    response = await client.post(api.ROUTINGS, json=body, headers=plant.headers)

    assert_invalid(response, ["body", field], code)


@pytest.mark.parametrize("field", ["item_id", "code"])
async def test_create_needs_item_and_code(
    client: httpx.AsyncClient, plant: Plant, field: str
) -> None:
    body = api.routing_body(plant.item["id"], None)
    del body[field]

    response = await client.post(api.ROUTINGS, json=body, headers=plant.headers)

    assert_invalid(response, ["body", field], "MISSING")


@pytest.mark.parametrize(
    ("body", "loc", "code"),
    [
        ({"is_default": None}, ["body", "is_default"], "NOT_NULLABLE"),
        ({"operations": None}, ["body", "operations"], "NOT_NULLABLE"),
        ({"code": "NEW"}, ["body", "code"], "EXTRA_FORBIDDEN"),
        ({"item_id": str(uuid.uuid4())}, ["body", "item_id"], "EXTRA_FORBIDDEN"),
        ({"status": "released"}, ["body", "status"], "EXTRA_FORBIDDEN"),
        ({"version": 3}, ["body", "version"], "EXTRA_FORBIDDEN"),
    ],
)
async def test_edit_fields_are_checked(
    client: httpx.AsyncClient, plant: Plant, body: dict[str, Any], loc: list[str], code: str
) -> None:
    draft = await api.create_routing(client, plant.headers, plant.item["id"], None)

    assert_invalid(await api.patch(client, plant.headers, draft, body), loc, code)


async def test_ids_in_the_body_must_name_the_organisations_records(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    nowhere = str(uuid.uuid4())
    unknown_item = await client.post(
        api.ROUTINGS, json=api.routing_body(nowhere, plant.lathe["id"]), headers=plant.headers
    )
    unknown_centers = await client.post(
        api.ROUTINGS,
        json=api.routing_body(
            plant.item["id"],
            None,
            operations=[
                api.operation(nowhere, 10),
                api.operation(plant.lathe["id"], 20),
                api.operation(nowhere, 30),
            ],
        ),
        headers=plant.headers,
    )
    draft = await api.create_routing(client, plant.headers, plant.item["id"], None, code="D")
    edit = await api.patch(client, plant.headers, draft, {"operations": [api.operation(nowhere)]})

    assert unknown_item.status_code == 422
    assert unknown_item.json()["error"]["code"] == "ROUTING_INVALID_REFERENCE"
    assert [(d["loc"], d["code"], d["value"]) for d in unknown_item.json()["error"]["details"]] == [
        (["body", "item_id"], "ITEM_NOT_FOUND", nowhere)
    ]
    assert unknown_centers.status_code == 422
    assert [(d["loc"], d["code"]) for d in unknown_centers.json()["error"]["details"]] == [
        (["body", "operations", 0, "work_center_id"], "WORK_CENTER_NOT_FOUND"),
        (["body", "operations", 2, "work_center_id"], "WORK_CENTER_NOT_FOUND"),
    ]
    assert edit.status_code == 422
    assert edit.json()["error"]["code"] == "ROUTING_INVALID_REFERENCE"


async def test_an_inactive_work_center_may_stand_in_a_draft(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    mill = plant.mill
    api.data_of(
        await client.post(
            f"{api.API}/work-centers/{mill['id']}/deactivate",
            headers={**plant.admin.headers, **api.if_match(mill["version"])},
        )
    )

    draft = await api.create_routing(client, plant.headers, plant.item["id"], mill["id"])

    assert draft["operations"][0]["work_center_id"] == mill["id"]


@pytest.mark.parametrize(
    ("params", "loc", "code"),
    [
        ({"item_id": "nope"}, ["query", "item_id"], "UUID_PARSING"),
        ({"status": "archived"}, ["query", "status"], "ENUM"),
        ({"page": 0}, ["query", "page"], "GREATER_THAN_EQUAL"),
        ({"page_size": 101}, ["query", "page_size"], "LESS_THAN_EQUAL"),
    ],
)
async def test_list_parameters_are_checked(
    client: httpx.AsyncClient, plant: Plant, params: dict[str, Any], loc: list[str], code: str
) -> None:
    response = await client.get(api.ROUTINGS, params=params, headers=plant.headers)

    assert_invalid(response, loc, code)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", ""),
        ("PATCH", ""),
        ("POST", "/release"),
        ("POST", "/copy"),
        ("POST", "/obsolete"),
    ],
)
async def test_a_path_id_that_is_no_uuid_or_names_nothing(
    client: httpx.AsyncClient, plant: Plant, method: str, suffix: str
) -> None:
    headers = {**plant.headers, **api.if_match(1)}
    body = {"json": {}} if method == "PATCH" else {}

    garbled = await client.request(method, f"{api.ROUTINGS}/123{suffix}", headers=headers, **body)
    missing = await client.request(
        method, f"{api.ROUTINGS}/{uuid.uuid4()}{suffix}", headers=headers, **body
    )

    assert_invalid(garbled, ["path", "routing_id"], "UUID_PARSING")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "ROUTING_NOT_FOUND"


@pytest.mark.parametrize(
    ("method", "suffix"), [("PATCH", ""), ("POST", "/release"), ("POST", "/obsolete")]
)
async def test_changes_need_if_match(
    client: httpx.AsyncClient, plant: Plant, method: str, suffix: str
) -> None:
    draft = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    url = f"{api.ROUTINGS}/{draft['id']}{suffix}"
    body = {"json": {"is_default": True}} if method == "PATCH" else {}

    missing = await client.request(method, url, headers=plant.headers, **body)
    garbled = await client.request(method, url, headers={**plant.headers, "If-Match": "v1"}, **body)
    stale = await client.request(method, url, headers={**plant.headers, **api.if_match(7)}, **body)

    assert missing.status_code == 428
    assert missing.json()["error"]["code"] == "PRECONDITION_REQUIRED"
    assert garbled.status_code == 400
    assert garbled.json()["error"]["code"] == "INVALID_IF_MATCH"
    assert stale.status_code == 412
    assert stale.json()["error"]["details"][0]["current_version"] == 1
    assert await api.read(client, plant.headers, draft["id"]) == draft


async def test_broken_json_is_a_400(client: httpx.AsyncClient, plant: Plant) -> None:
    response = await client.post(
        api.ROUTINGS,
        content=b'{"item_id": ',
        headers={**plant.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"


async def test_messages_are_zh_tw_by_default_and_english_on_request(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    missing = f"{api.ROUTINGS}/{uuid.uuid4()}"

    chinese = await client.get(missing, headers=plant.headers)
    english = await client.get(missing, headers={**plant.headers, "Accept-Language": "en"})

    assert chinese.json()["error"]["message"] == "找不到指定的途程。"
    assert english.json()["error"]["message"] == "The routing was not found."
