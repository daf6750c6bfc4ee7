"""Bad input answers 422 (or 400 for broken JSON) with the field in `loc`, never 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.work_order import api
from tests.work_order.conftest import Floor
from tests.work_order.states import order_in

INT32_OVERFLOW = 2**31


def assert_invalid(response: httpx.Response, loc: list[Any], code: str | None = None) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "VALIDATION_ERROR"
    locs = [detail["loc"] for detail in body["error"]["details"]]
    assert loc in locs, locs
    if code is not None:
        codes = [d["code"] for d in body["error"]["details"] if d["loc"] == loc]
        assert code in codes, codes


# -- creating and editing orders ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("quantity", 0, "GREATER_THAN_EQUAL"),
        ("quantity", -1, "GREATER_THAN_EQUAL"),
        ("quantity", INT32_OVERFLOW, "LESS_THAN_EQUAL"),
        ("quantity", 1_000_000_001, "LESS_THAN_EQUAL"),
        ("quantity", 1.5, "INT_FROM_FLOAT"),
        ("quantity", "many", "INT_PARSING"),
        ("quantity", None, "INT_TYPE"),
        ("priority", 0, "GREATER_THAN_EQUAL"),
        ("priority", 11, "LESS_THAN_EQUAL"),
        ("order_number", "", "STRING_TOO_SHORT"),
        ("order_number", "   ", "STRING_TOO_SHORT"),
        ("order_number", "W" * 65, "STRING_TOO_LONG"),
        ("order_number", "WO 1", "STRING_PATTERN_MISMATCH"),
        ("order_number", "-WO1", "STRING_PATTERN_MISMATCH"),
        ("product_model", "", "STRING_TOO_SHORT"),
        ("product_model", "M" * 101, "STRING_TOO_LONG"),
        ("customer_id", "not-a-uuid", "UUID_PARSING"),
        ("due_date", "2026-02-30", "DATE_FROM_DATETIME_PARSING"),
        ("due_date", "1969-12-31", "DATE_OUT_OF_RANGE"),
        ("due_date", "9999-12-31", "DATE_OUT_OF_RANGE"),
        ("planned_start_at", "2026-12-01T08:00:00", "TIMEZONE_AWARE"),
        ("planned_start_at", "0001-01-01T00:00:00+08:00", "DATE_OUT_OF_RANGE"),
        # Numbers would be read as seconds since 1970.
        ("due_date", 0, "DATE_PARSING"),
        ("due_date", "1767225600", "DATE_PARSING"),
        ("planned_start_at", 1767225600, "DATETIME_PARSING"),
        ("planned_end_at", "0.5", "DATETIME_PARSING"),
        ("note", "n" * 2001, "STRING_TOO_LONG"),
        ("order_number", "WO\u00001", "STRING_PATTERN_MISMATCH"),
        ("product_model", "GB-200\u0000", "INVALID_CHARACTER"),
        ("product_model", "\u0000", "INVALID_CHARACTER"),
        ("product_model", "GB\n200", "INVALID_CHARACTER"),
        ("product_model", "GB\t200", "INVALID_CHARACTER"),
        ("product_model", "GB-200\u001b[1m", "INVALID_CHARACTER"),
        ("product_model", "GB-200\u007f", "INVALID_CHARACTER"),
        ("note", "Rush\u0000", "INVALID_CHARACTER"),
        ("note", "\u0000", "INVALID_CHARACTER"),
        ("note", "Rush\u0007", "INVALID_CHARACTER"),
        ("note", "Page 1\u000cPage 2", "INVALID_CHARACTER"),
        ("note", "Rush\u007f", "INVALID_CHARACTER"),
    ],
)
async def test_order_fields_are_bounded(
    client: httpx.AsyncClient, floor: Floor, field: str, value: Any, code: str
) -> None:
    response = await client.post(
        api.ORDERS, json=api.order_body(**{field: value}), headers=floor.planner.headers
    )

    assert_invalid(response, ["body", field], code)


@pytest.mark.parametrize(
    ("field", "value"),
    [("quantity", 1), ("quantity", 1_000_000_000), ("priority", 1), ("priority", 10)],
)
async def test_the_bounds_themselves_are_accepted(
    client: httpx.AsyncClient, floor: Floor, field: str, value: int
) -> None:
    order = await api.create_order(client, floor.planner.headers, **{field: value})

    assert order[field] == value


async def test_a_note_keeps_its_line_breaks_and_tabs(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    note = "Customer: Acme\r\nDeliver to\tbay 3\n\nCall before noon"

    order = await api.create_order(client, floor.planner.headers, note=f"\n  {note}  \n")
    patched = await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json={"note": "Line 1\nLine 2"},
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )

    assert order["note"] == note
    assert patched.status_code == 200, patched.text
    assert patched.json()["data"]["note"] == "Line 1\nLine 2"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("product_model", "GB\u0000200"),
        ("product_model", "GB\r200"),
        ("note", "\u0000"),
        ("note", "Rush\u001f"),
    ],
)
async def test_order_edits_refuse_control_characters(
    client: httpx.AsyncClient, floor: Floor, field: str, value: str
) -> None:
    order = await api.create_order(client, floor.planner.headers)

    response = await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json={field: value},
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )

    assert_invalid(response, ["body", field], "INVALID_CHARACTER")
    assert (await api.read_order(client, floor.planner.headers, order["id"]))["version"] == 1


@pytest.mark.parametrize("reason", ["Spindle\u0000", "\u0000", "Spindle\u0008", "Spindle\u007f"])
async def test_a_transition_reason_refuses_control_characters(
    client: httpx.AsyncClient, floor: Floor, reason: str
) -> None:
    order = await order_in(client, floor.admin.headers, "in_progress")

    response = await api.act(client, floor.admin.headers, order, "hold", reason)

    assert_invalid(response, ["body", "reason"], "INVALID_CHARACTER")
    assert (await api.read_order(client, floor.admin.headers, order["id"]))["status"] == (
        "in_progress"
    )


async def test_a_transition_reason_keeps_its_line_breaks(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    order = await order_in(client, floor.admin.headers, "in_progress")

    response = await api.act(
        client, floor.admin.headers, order, "hold", "Spindle bearing worn\n\tparts ordered"
    )

    assert response.status_code == 200, response.text
    assert response.json()["data"]["hold_reason"] == "Spindle bearing worn\n\tparts ordered"


async def test_defaults_and_trimming(client: httpx.AsyncClient, floor: Floor) -> None:
    order = await api.create_order(
        client, floor.planner.headers, order_number="  WO-2026/001#A  ", note="   "
    )

    assert order["order_number"] == "WO-2026/001#A"
    assert order["priority"] == 5
    assert order["note"] is None
    assert order["produced_qty"] == order["scrap_qty"] == 0
    assert order["allowed_actions"] == ["start", "cancel"]


@pytest.mark.parametrize(
    "field",
    [
        "status",
        "produced_qty",
        "scrap_qty",
        "started_at",
        "completed_at",
        "cancelled_at",
        "hold_reason",
        "version",
        "organization_id",
        "created_by",
        "id",
    ],
)
async def test_server_fields_cannot_be_written(
    client: httpx.AsyncClient, floor: Floor, field: str
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    value: Any = "completed" if field == "status" else 1

    created = await client.post(
        api.ORDERS, json=api.order_body(**{field: value}), headers=floor.planner.headers
    )
    patched = await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json={field: value},
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )

    assert_invalid(created, ["body", field], "EXTRA_FORBIDDEN")
    assert_invalid(patched, ["body", field], "EXTRA_FORBIDDEN")
    assert (await api.read_order(client, floor.planner.headers, order["id"]))["version"] == 1


async def test_planned_end_may_not_precede_the_start(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    headers = floor.planner.headers
    created = await client.post(
        api.ORDERS,
        json=api.order_body(
            planned_start_at="2026-12-02T08:00:00+08:00", planned_end_at="2026-12-01T17:00:00Z"
        ),
        headers=headers,
    )
    assert_invalid(created, ["body", "planned_end_at"], "PLANNED_END_BEFORE_START")

    order = await api.create_order(
        client,
        headers,
        planned_start_at="2026-12-02T08:00:00+08:00",
        planned_end_at="2026-12-02T08:00:00+08:00",
    )
    response = await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json={"planned_end_at": "2026-12-01T00:00:00Z"},
        headers={**headers, **api.if_match(order["version"])},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "WORK_ORDER_INVALID_DATES"
    assert response.json()["error"]["details"][0]["loc"] == ["body", "planned_end_at"]


@pytest.mark.parametrize("field", ["order_number", "product_model", "quantity", "priority"])
async def test_required_fields_cannot_be_cleared(
    client: httpx.AsyncClient, floor: Floor, field: str
) -> None:
    order = await api.create_order(client, floor.planner.headers)

    response = await client.patch(
        f"{api.ORDERS}/{order['id']}",
        json={field: None},
        headers={**floor.planner.headers, **api.if_match(order["version"])},
    )

    assert_invalid(response, ["body", field], "NOT_NULLABLE")


async def test_broken_json_is_a_bad_request(client: httpx.AsyncClient, floor: Floor) -> None:
    response = await client.post(
        api.ORDERS,
        content=b'{"order_number": "WO-1",',
        headers={**floor.planner.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"


async def test_messages_follow_accept_language(client: httpx.AsyncClient, floor: Floor) -> None:
    body = api.order_body(quantity=0)
    zh = await client.post(api.ORDERS, json=body, headers=floor.planner.headers)
    en = await client.post(
        api.ORDERS, json=body, headers={**floor.planner.headers, "Accept-Language": "en"}
    )

    assert zh.json()["error"]["details"][0]["message"] == "必須大於或等於 1。"
    assert en.json()["error"]["details"][0]["message"] == "Must be greater than or equal to 1."
    order = await order_in(client, floor.admin.headers, "in_progress")
    refused = await client.post(
        f"{api.ORDERS}/{order['id']}/reopen",
        json={"reason": "x"},
        headers={**floor.admin.headers, **api.if_match(order["version"]), "Accept-Language": "en"},
    )
    assert refused.json()["error"]["message"] == (
        "The work order is in_progress; the action reopen is not possible now."
    )


# -- list and summary parameters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"page": 0}, ["query", "page"]),
        ({"page_size": 0}, ["query", "page_size"]),
        ({"page_size": 101}, ["query", "page_size"]),
        ({"sort": "colour"}, ["query", "sort"]),
        ({"sort": "-priority,-bogus"}, ["query", "sort"]),
        ({"status": "bogus"}, ["query", "status"]),
        ({"status": "pending,bogus"}, ["query", "status"]),
        ({"priority_min": 0}, ["query", "priority_min"]),
        ({"priority_max": 11}, ["query", "priority_max"]),
        ({"priority_min": 7, "priority_max": 3}, ["query", "priority_min"]),
        ({"due_from": "2026-12-31", "due_to": "2026-12-01"}, ["query", "due_from"]),
        ({"due_from": "1900-01-01"}, ["query", "due_from"]),
        ({"due_to": "yesterday"}, ["query", "due_to"]),
        ({"customer_id": "42"}, ["query", "customer_id"]),
        ({"work_center_id": "42"}, ["query", "work_center_id"]),
        ({"overdue": "maybe"}, ["query", "overdue"]),
        ({"q": "q" * 65}, ["query", "q"]),
    ],
)
async def test_list_parameters_are_checked(
    client: httpx.AsyncClient, floor: Floor, params: dict[str, Any], loc: list[str]
) -> None:
    response = await client.get(api.ORDERS, params=params, headers=floor.viewer.headers)

    assert_invalid(response, loc)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "WO\u0000"}, "q"),
        ({"q": "\u0000"}, "q"),
        ({"q": "WO\t1"}, "q"),
        ({"q": "WO\u007f"}, "q"),
        ({"product_model": "GB-200\u0000"}, "product_model"),
        ({"product_model": "GB\u001f200"}, "product_model"),
        ({"product_model": "GB-200\n"}, "product_model"),
    ],
)
async def test_list_text_filters_refuse_control_characters(
    client: httpx.AsyncClient, floor: Floor, params: dict[str, str], field: str
) -> None:
    response = await client.get(api.ORDERS, params=params, headers=floor.viewer.headers)

    assert_invalid(response, ["query", field], "INVALID_CHARACTER")


async def test_an_unknown_value_names_the_accepted_ones(
    client: httpx.AsyncClient, floor: Floor
) -> None:
    response = await client.get(
        api.ORDERS,
        params={"status": "done"},
        headers={**floor.viewer.headers, "Accept-Language": "en"},
    )

    detail = response.json()["error"]["details"][0]
    assert detail["code"] == "UNKNOWN_VALUE"
    assert detail["message"] == (
        "Unsupported value done; expected one of: "
        "pending, in_progress, on_hold, completed, cancelled."
    )


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"from": "2026-12-31", "to": "2026-12-01"}, ["query", "from"]),
        ({"from": "1900-01-01"}, ["query", "from"]),
        ({"to": "9999-12-31"}, ["query", "to"]),
        ({"to": "tomorrow"}, ["query", "to"]),
    ],
)
async def test_summary_periods_are_checked(
    client: httpx.AsyncClient, floor: Floor, params: dict[str, str], loc: list[str]
) -> None:
    response = await client.get(
        f"{api.ORDERS}/summary", params=params, headers=floor.viewer.headers
    )

    assert_invalid(response, loc)


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("", "due_to", "0"),
        ("", "due_from", "0.5"),
        ("", "due_to", "20261201"),
        ("/summary", "to", "0"),
        ("/summary", "from", "-86400"),
        ("/summary", "to", "1e9"),
    ],
)
async def test_a_number_is_not_a_date(
    client: httpx.AsyncClient, floor: Floor, path: str, name: str, value: str
) -> None:
    # Read as seconds since 1970, a number would have been a day in 1970.
    response = await client.get(
        f"{api.ORDERS}{path}", params={name: value}, headers=floor.viewer.headers
    )

    assert_invalid(response, ["query", name], "DATE_PARSING")


@pytest.mark.parametrize("params", [{"status": "running"}, {"page_size": 101}, {"page": -1}])
async def test_station_queue_parameters_are_checked(
    client: httpx.AsyncClient, floor: Floor, params: dict[str, Any]
) -> None:
    response = await client.get(
        f"{api.API}/work-centers/{floor.station['id']}/dispatches",
        params=params,
        headers=floor.operator.headers,
    )

    assert response.status_code == 422


# -- dispatches and reports -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("planned_qty", 0, "GREATER_THAN_EQUAL"),
        ("planned_qty", -1, "GREATER_THAN_EQUAL"),
        ("planned_qty", INT32_OVERFLOW, "LESS_THAN_EQUAL"),
        ("sequence", 0, "GREATER_THAN_EQUAL"),
        ("sequence", 10_000, "LESS_THAN_EQUAL"),
        ("operation", "o" * 101, "STRING_TOO_LONG"),
        ("operation", "turning\u0000", "INVALID_CHARACTER"),
        ("operation", "turning\nmilling", "INVALID_CHARACTER"),
        ("note", "\u0000", "INVALID_CHARACTER"),
        ("note", "Fixture B\u001b", "INVALID_CHARACTER"),
        ("work_center_id", "station-1", "UUID_PARSING"),
        ("operator_id", "someone", "UUID_PARSING"),
        ("status", "in_progress", "EXTRA_FORBIDDEN"),
        ("good_qty", 5, "EXTRA_FORBIDDEN"),
    ],
)
async def test_dispatch_fields_are_bounded(
    client: httpx.AsyncClient, floor: Floor, field: str, value: Any, code: str
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    body = {"work_center_id": floor.station["id"], "planned_qty": 5, field: value}

    response = await client.post(
        f"{api.ORDERS}/{order['id']}/dispatches", json=body, headers=floor.planner.headers
    )

    assert_invalid(response, ["body", field], code)


@pytest.mark.parametrize(
    ("body", "loc", "code"),
    [
        ({"good_qty": 0}, ["body"], "REPORT_QUANTITY_EMPTY"),
        ({"good_qty": -1}, ["body", "good_qty"], "GREATER_THAN_EQUAL"),
        ({"good_qty": INT32_OVERFLOW}, ["body", "good_qty"], "LESS_THAN_EQUAL"),
        ({"scrap_qty": -2}, ["body", "scrap_qty"], "GREATER_THAN_EQUAL"),
        ({"scrap_qty": 1}, ["body", "scrap_reason"], "SCRAP_REASON_REQUIRED"),
        ({"scrap_qty": 1, "scrap_reason": "  "}, ["body", "scrap_reason"], "SCRAP_REASON_REQUIRED"),
        (
            {"good_qty": 1, "scrap_reason": "Dent"},
            ["body", "scrap_reason"],
            "SCRAP_REASON_WITHOUT_SCRAP",
        ),
        (
            {"good_qty": 1, "from_time": "2026-11-25T10:00:00Z", "to_time": "2026-11-25T09:00:00Z"},
            ["body", "to_time"],
            "TO_TIME_BEFORE_FROM_TIME",
        ),
        ({"good_qty": 1, "to_time": "2026-11-25T10:00:00"}, ["body", "to_time"], "TIMEZONE_AWARE"),
        ({"good_qty": 1, "operator_id": "me"}, ["body", "operator_id"], "UUID_PARSING"),
        ({"good_qty": 1, "dispatch_id": "x"}, ["body", "dispatch_id"], "EXTRA_FORBIDDEN"),
        (
            {"scrap_qty": 1, "scrap_reason": "Dent\u0000"},
            ["body", "scrap_reason"],
            "INVALID_CHARACTER",
        ),
        (
            {"scrap_qty": 1, "scrap_reason": "Dent\nScratch"},
            ["body", "scrap_reason"],
            "INVALID_CHARACTER",
        ),
        ({"good_qty": 1, "note": "Shift B\u0000"}, ["body", "note"], "INVALID_CHARACTER"),
        ({"good_qty": 1, "note": "\u0007"}, ["body", "note"], "INVALID_CHARACTER"),
    ],
)
async def test_report_fields_are_checked(
    client: httpx.AsyncClient, floor: Floor, body: dict[str, Any], loc: list[str], code: str
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    await api.dispatch_act(client, floor.operator.headers, dispatch, "start")

    response = await client.post(
        f"{api.DISPATCHES}/{dispatch['id']}/reports", json=body, headers=floor.operator.headers
    )

    assert_invalid(response, loc, code)
    assert (await api.read_order(client, floor.viewer.headers, order["id"]))["produced_qty"] == 0


async def test_a_report_note_keeps_its_line_breaks(client: httpx.AsyncClient, floor: Floor) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    await api.dispatch_act(client, floor.operator.headers, dispatch, "start")

    response = await api.report(
        client, floor.operator.headers, dispatch["id"], note="Shift B\r\n\tgauge recalibrated"
    )

    assert response.status_code == 201, response.text
    assert response.json()["data"]["report"]["note"] == "Shift B\r\n\tgauge recalibrated"


async def test_reports_cannot_lie_in_the_future(client: httpx.AsyncClient, floor: Floor) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    await api.dispatch_act(client, floor.operator.headers, dispatch, "start")

    response = await api.report(
        client, floor.operator.headers, dispatch["id"], to_time="2999-01-01T00:00:00Z"
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "PRODUCTION_REPORT_TIME_IN_FUTURE"
    assert response.json()["error"]["details"][0]["loc"] == ["body", "to_time"]


@pytest.mark.parametrize(
    ("body", "loc", "code"),
    [
        ({"work_center_id": None}, ["body", "work_center_id"], "NOT_NULLABLE"),
        ({"planned_qty": None}, ["body", "planned_qty"], "NOT_NULLABLE"),
        ({"planned_qty": 0}, ["body", "planned_qty"], "GREATER_THAN_EQUAL"),
        ({"planned_qty": INT32_OVERFLOW}, ["body", "planned_qty"], "LESS_THAN_EQUAL"),
        ({"sequence": None}, ["body", "sequence"], "NOT_NULLABLE"),
        ({"sequence": 10_000}, ["body", "sequence"], "LESS_THAN_EQUAL"),
        ({"note": "n" * 2001}, ["body", "note"], "STRING_TOO_LONG"),
        ({"note": "Fixture\u0000"}, ["body", "note"], "INVALID_CHARACTER"),
        ({"operation": "tur\tning"}, ["body", "operation"], "INVALID_CHARACTER"),
        ({"status": "done"}, ["body", "status"], "EXTRA_FORBIDDEN"),
        ({"scrap_qty": 0}, ["body", "scrap_qty"], "EXTRA_FORBIDDEN"),
        ({"work_order_id": "x"}, ["body", "work_order_id"], "EXTRA_FORBIDDEN"),
        ({"operator_id": 5}, ["body", "operator_id"], "UUID_TYPE"),
    ],
)
async def test_dispatch_edits_are_checked(
    client: httpx.AsyncClient, floor: Floor, body: dict[str, Any], loc: list[str], code: str
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )

    response = await client.patch(
        f"{api.DISPATCHES}/{dispatch['id']}",
        json=body,
        headers={**floor.planner.headers, **api.if_match(dispatch["version"])},
    )

    assert_invalid(response, loc, code)


@pytest.mark.parametrize(
    "path",
    [
        "/work-orders/{order}/history",
        "/work-orders/{order}/dispatches",
        "/dispatches/{dispatch}/reports",
        "/work-centers/{station}/dispatches",
    ],
)
@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"page": 0}, ["query", "page"]),
        ({"page_size": 101}, ["query", "page_size"]),
        ({"page_size": "ten"}, ["query", "page_size"]),
    ],
)
async def test_every_list_checks_its_page(
    client: httpx.AsyncClient,
    floor: Floor,
    path: str,
    params: dict[str, Any],
    loc: list[str],
) -> None:
    order = await api.create_order(client, floor.planner.headers)
    dispatch = await api.create_dispatch(
        client, floor.planner.headers, order["id"], floor.station["id"], 10
    )
    url = api.API + path.format(
        order=order["id"], dispatch=dispatch["id"], station=floor.station["id"]
    )

    response = await client.get(url, params=params, headers=floor.viewer.headers)

    assert_invalid(response, loc)
