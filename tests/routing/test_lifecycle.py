"""A routing's life: draft, edits, release, copies to later versions, retirement, default."""

from __future__ import annotations

from typing import Any

import httpx

from tests.routing import api
from tests.routing.conftest import Plant


async def item_of(client: httpx.AsyncClient, plant: Plant) -> dict[str, Any]:
    return api.data_of(await client.get(f"{api.ITEMS}/{plant.item['id']}", headers=plant.headers))


async def test_a_new_routing_is_version_1_of_its_code_as_a_draft(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    response = await client.post(
        api.ROUTINGS,
        json={
            "item_id": plant.item["id"],
            "code": "std",
            "operations": [
                api.operation(plant.mill["id"], 20, name="Milling", run_s_per_unit=60),
                api.operation(
                    plant.lathe["id"],
                    10,
                    name="  Turning  ",
                    setup_min=15.5,
                    run_s_per_unit=42.5,
                    instructions="Chuck on the 30 mm side.\n\tCheck every 20 pieces.",
                ),
                api.operation(plant.lathe["id"], 20, name="Deburring", instructions="  "),
            ],
        },
        headers=plant.headers,
    )

    routing = api.data_of(response, 201)
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(f"/api/v1/routings/{routing['id']}")
    assert routing["code"] == "STD"
    assert (routing["version"], routing["revision"], routing["status"]) == (1, 1, "draft")
    assert routing["is_default"] is False
    assert routing["copied_from_id"] is None
    assert routing["released_at"] is None
    # By seq; the two operations of seq 20 keep the order they were sent in.
    assert [(op["seq"], op["name"]) for op in routing["operations"]] == [
        (10, "Turning"),
        (20, "Milling"),
        (20, "Deburring"),
    ]
    turning = routing["operations"][0]
    assert turning == {
        "seq": 10,
        "name": "Turning",
        "work_center_id": plant.lathe["id"],
        "setup_min": 15.5,
        "run_s_per_unit": 42.5,
        "instructions": "Chuck on the 30 mm side.\n\tCheck every 20 pieces.",
    }
    assert routing["operations"][1]["setup_min"] == 0
    assert routing["operations"][2]["instructions"] is None
    assert await api.read(client, plant.viewer.headers, routing["id"]) == routing


async def test_a_code_the_item_already_has_is_refused(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    other_item = await api.create_item(client, plant.admin.headers)

    again = await client.post(
        api.ROUTINGS,
        json=api.routing_body(plant.item["id"], None, code="std"),
        headers=plant.headers,
    )
    elsewhere = await api.create_routing(client, plant.headers, other_item["id"], None)

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "ROUTING_CODE_TAKEN"
    assert again.json()["error"]["details"][0]["loc"] == ["body", "code"]
    assert (elsewhere["code"], elsewhere["version"]) == ("STD", 1)


async def test_a_draft_is_edited_with_if_match_and_operations_replace_the_list(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    routing = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])

    changed = await api.patch(
        client,
        plant.headers,
        routing,
        {
            "is_default": True,
            "operations": [
                api.operation(plant.mill["id"], 30, name="Inspection"),
                api.operation(plant.lathe["id"], 5, name="Saw"),
            ],
        },
    )
    body = api.data_of(changed)
    assert changed.headers["ETag"] == '"2"'
    assert (body["revision"], body["version"], body["is_default"]) == (2, 1, True)
    assert [op["name"] for op in body["operations"]] == ["Saw", "Inspection"]

    stale = await api.patch(client, plant.headers, routing, {"is_default": False})
    assert stale.status_code == 412
    assert stale.json()["error"]["details"][0]["current_version"] == 2
    assert stale.headers["ETag"] == '"2"'

    same = await api.patch(client, plant.headers, body, {"operations": body["operations"]})
    assert api.data_of(same)["revision"] == 2  # nothing changed: no write, no new revision

    emptied = api.data_of(await api.patch(client, plant.headers, body, {"operations": []}))
    assert (emptied["operations"], emptied["revision"]) == ([], 3)


async def test_release_freezes_the_draft(client: httpx.AsyncClient, plant: Plant) -> None:
    draft = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])

    response = await api.act(client, plant.supervisor.headers, draft, "release")
    routing = api.data_of(response)

    assert response.headers["ETag"] == f'"{draft["revision"] + 1}"'
    assert routing["status"] == "released"
    assert routing["released_at"] is not None
    assert routing["is_default"] is False
    edit = await api.patch(client, plant.headers, routing, {"is_default": True})
    assert edit.status_code == 409
    assert edit.json()["error"]["code"] == "ROUTING_NOT_EDITABLE"
    again = await api.act(client, plant.headers, routing, "release")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "ROUTING_INVALID_TRANSITION"
    assert again.json()["error"]["details"] == [
        {
            "code": "ROUTING_ALLOWED_ACTIONS",
            "current_status": "released",
            "action": "release",
            "allowed_actions": ["copy", "obsolete"],
            "message": again.json()["error"]["details"][0]["message"],
        }
    ]
    assert await api.read(client, plant.headers, routing["id"]) == routing
    # Not the item's default: the item has none.
    assert (await item_of(client, plant))["default_routing_id"] is None


async def test_release_needs_operations_and_active_work_centers(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    empty = await api.create_routing(client, plant.headers, plant.item["id"], None)
    refused = await api.act(client, plant.headers, empty, "release")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "ROUTING_HAS_NO_OPERATIONS"

    draft = await api.create_routing(
        client,
        plant.headers,
        plant.item["id"],
        None,
        code="TWO",
        operations=[
            api.operation(plant.lathe["id"], 10),
            api.operation(plant.mill["id"], 20),
            api.operation(plant.mill["id"], 30),
        ],
    )
    mill = plant.mill
    deactivated = await client.post(
        f"{api.API}/work-centers/{mill['id']}/deactivate",
        headers={**plant.admin.headers, **api.if_match(mill["version"])},
    )
    api.data_of(deactivated)

    inactive = await api.act(client, plant.headers, draft, "release")

    assert inactive.status_code == 409
    error = inactive.json()["error"]
    assert error["code"] == "ROUTING_WORK_CENTER_INACTIVE"
    assert [(d["code"], d["seq"], d["work_center_code"], d["loc"]) for d in error["details"]] == [
        ("INACTIVE_WORK_CENTER", 20, mill["code"], ["operations", 1, "work_center_id"]),
        ("INACTIVE_WORK_CENTER", 30, mill["code"], ["operations", 2, "work_center_id"]),
    ]
    assert (await api.read(client, plant.headers, draft["id"]))["status"] == "draft"


async def test_a_blocked_work_center_does_not_prevent_a_release(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    lathe = plant.lathe
    api.data_of(
        await client.patch(
            f"{api.API}/work-centers/{lathe['id']}",
            json={"state": "blocked"},
            headers={**plant.admin.headers, **api.if_match(lathe["version"])},
        )
    )
    draft = await api.create_routing(client, plant.headers, plant.item["id"], lathe["id"])

    assert (await api.released(client, plant.headers, draft))["status"] == "released"


async def test_an_inactive_item_takes_no_new_routing_nor_release_nor_copy(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    draft = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    item = plant.item
    api.data_of(
        await client.post(
            f"{api.ITEMS}/{item['id']}/deactivate",
            headers={**plant.admin.headers, **api.if_match(item["version"])},
        )
    )

    created = await client.post(
        api.ROUTINGS,
        json=api.routing_body(item["id"], None, code="NEW"),
        headers=plant.headers,
    )
    release = await api.act(client, plant.headers, draft, "release")
    copy = await api.act(client, plant.headers, draft, "copy")

    for refused in (created, release, copy):
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["code"] == "ITEM_INACTIVE"


async def test_copies_number_the_versions_of_a_code(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    first = await api.create_routing(
        client, plant.headers, plant.item["id"], plant.lathe["id"], is_default=True
    )
    first = await api.released(client, plant.headers, first)

    response = await api.act(client, plant.headers, first, "copy")
    second = api.data_of(response, 201)
    third = api.data_of(await api.act(client, plant.headers, first, "copy"), 201)
    fourth = api.data_of(await api.act(client, plant.headers, second, "copy"), 201)

    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(f"/api/v1/routings/{second['id']}")
    assert [r["version"] for r in (first, second, third, fourth)] == [1, 2, 3, 4]
    assert {r["code"] for r in (second, third, fourth)} == {"STD"}
    assert (second["status"], second["revision"], second["is_default"]) == ("draft", 1, True)
    assert second["copied_from_id"] == first["id"]
    assert fourth["copied_from_id"] == second["id"]
    assert second["operations"] == first["operations"]
    # The source is untouched.
    assert await api.read(client, plant.headers, first["id"]) == first

    listed = await client.get(
        api.ROUTINGS, params={"item_id": plant.item["id"]}, headers=plant.viewer.headers
    )
    assert [(r["code"], r["version"]) for r in api.data_of(listed)] == [
        ("STD", 1),
        ("STD", 2),
        ("STD", 3),
        ("STD", 4),
    ]


async def test_releasing_a_default_moves_the_default_and_clears_the_others(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    first = await api.create_routing(
        client, plant.headers, plant.item["id"], plant.lathe["id"], is_default=True
    )
    first = await api.released(client, plant.headers, first)
    assert first["is_default"] is True
    assert (await item_of(client, plant))["default_routing_id"] == first["id"]

    other = await api.create_routing(
        client, plant.headers, plant.item["id"], plant.mill["id"], code="ALT"
    )
    other = await api.released(client, plant.headers, other)
    assert other["is_default"] is False
    assert (await item_of(client, plant))["default_routing_id"] == first["id"]

    second = api.data_of(await api.act(client, plant.headers, first, "copy"), 201)
    second = await api.released(client, plant.headers, second)

    assert second["is_default"] is True
    assert (await item_of(client, plant))["default_routing_id"] == second["id"]
    cleared = await api.read(client, plant.headers, first["id"])
    assert (cleared["is_default"], cleared["status"]) == (False, "released")
    assert cleared["revision"] == first["revision"] + 1
    assert (await api.read(client, plant.headers, other["id"]))["is_default"] is False


async def test_obsolete_retires_a_routing_and_the_items_default_with_it(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    routing = await api.create_routing(
        client, plant.headers, plant.item["id"], plant.lathe["id"], is_default=True
    )
    routing = await api.released(client, plant.headers, routing)
    draft = await api.create_routing(client, plant.headers, plant.item["id"], None, code="TRY")

    retired = api.data_of(await api.act(client, plant.headers, routing, "obsolete"))
    dropped = api.data_of(await api.act(client, plant.headers, draft, "obsolete"))

    assert (retired["status"], retired["is_default"]) == ("obsolete", False)
    assert retired["obsoleted_at"] is not None
    assert dropped["status"] == "obsolete"
    assert (await item_of(client, plant))["default_routing_id"] is None
    for action in ("obsolete", "release"):
        refused = await api.act(client, plant.headers, retired, action)
        assert refused.status_code == 409
        assert refused.json()["error"]["details"][0]["allowed_actions"] == ["copy"]
    edit = await api.patch(client, plant.headers, retired, {"operations": []})
    assert edit.json()["error"]["code"] == "ROUTING_NOT_EDITABLE"
    # An obsolete routing may still be the start of a new version.
    revived = api.data_of(await api.act(client, plant.headers, retired, "copy"), 201)
    assert (revived["version"], revived["status"], revived["is_default"]) == (2, "draft", False)


async def test_the_list_filters_by_item_and_status_and_pages(
    client: httpx.AsyncClient, plant: Plant
) -> None:
    other_item = await api.create_item(client, plant.admin.headers)
    a = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])
    await api.released(client, plant.headers, a)
    await api.create_routing(client, plant.headers, plant.item["id"], None, code="B")
    await api.create_routing(client, plant.headers, other_item["id"], None, code="C")

    async def listed(**params: Any) -> list[tuple[str, str]]:
        response = await client.get(api.ROUTINGS, params=params, headers=plant.operator.headers)
        return [(r["code"], r["status"]) for r in api.data_of(response)]

    assert await listed() == [("B", "draft"), ("C", "draft"), ("STD", "released")]
    assert await listed(item_id=plant.item["id"]) == [("B", "draft"), ("STD", "released")]
    assert await listed(status="draft") == [("B", "draft"), ("C", "draft")]
    assert await listed(item_id=plant.item["id"], status="released") == [("STD", "released")]
    page = await client.get(api.ROUTINGS, params={"page": 2, "page_size": 2}, headers=plant.headers)
    assert page.json()["pagination"] == {"total": 3, "page": 2, "page_size": 2, "pages": 2}
    assert [r["code"] for r in api.data_of(page)] == ["STD"]
