"""Every change of a routing is in the audit log, with who made it and what changed."""

from __future__ import annotations

from typing import Any

import httpx

from tests.routing import api
from tests.routing.conftest import Plant


async def entries(client: httpx.AsyncClient, plant: Plant, routing_id: str) -> list[Any]:
    response = await client.get(
        f"{api.API}/audit-logs",
        params={"resource_id": routing_id, "page_size": 100},
        headers=plant.admin.headers,
    )
    found: list[Any] = api.data_of(response)
    return list(reversed(found))  # oldest first


async def test_the_life_of_a_routing_is_recorded(client: httpx.AsyncClient, plant: Plant) -> None:
    routing = await api.create_routing(
        client, plant.planner.headers, plant.item["id"], plant.lathe["id"], is_default=True
    )
    routing = api.data_of(
        await api.patch(
            client,
            plant.planner.headers,
            routing,
            {"operations": [api.operation(plant.mill["id"], 20, name="Milling")]},
        )
    )
    await api.patch(client, plant.planner.headers, routing, {})  # no change, no entry
    routing = await api.released(client, plant.supervisor.headers, routing)
    copy = api.data_of(await api.act(client, plant.planner.headers, routing, "copy"), 201)
    copy = await api.released(client, plant.planner.headers, copy)
    api.data_of(await api.act(client, plant.admin.headers, copy, "obsolete"))

    first = await entries(client, plant, routing["id"])
    second = await entries(client, plant, copy["id"])

    assert [(e["action"], e["actor_role"]) for e in first] == [
        ("created", "planner"),
        ("updated", "planner"),
        ("released", "supervisor"),
        ("default_cleared", "planner"),
    ]
    assert {e["resource_type"] for e in first} == {"routing"}
    assert {e["resource_key"] for e in first} == {"STD v1"}
    created, updated, released, cleared = (e["changes"] for e in first)
    assert created["code"] == [None, "STD"]
    assert created["version"] == [None, 1]
    assert created["is_default"] == [None, True]
    assert created["operations"][1][0]["work_center_id"] == plant.lathe["id"]
    assert list(updated) == ["operations"]
    assert updated["operations"][1] == [
        {
            "seq": 20,
            "name": "Milling",
            "work_center_id": plant.mill["id"],
            "setup_min": 0.0,
            "run_s_per_unit": 0.0,
            "instructions": None,
        }
    ]
    assert released == {"status": ["draft", "released"], "default_of_item": [None, routing["id"]]}
    assert cleared == {"is_default": [True, False]}
    assert [(e["action"], e["resource_key"]) for e in second] == [
        ("created", "STD v2"),
        ("released", "STD v2"),
        ("obsoleted", "STD v2"),
    ]
    assert second[0]["changes"]["copied_from_id"] == [None, routing["id"]]
    assert second[1]["changes"]["default_of_item"] == [routing["id"], copy["id"]]
    assert second[2]["changes"] == {
        "status": ["released", "obsolete"],
        "is_default": [True, False],
    }


async def test_a_refused_change_leaves_no_entry(client: httpx.AsyncClient, plant: Plant) -> None:
    empty = await api.create_routing(client, plant.headers, plant.item["id"], None)

    refused = await api.act(client, plant.headers, empty, "release")

    assert refused.status_code == 409
    assert [e["action"] for e in await entries(client, plant, empty["id"])] == ["created"]
