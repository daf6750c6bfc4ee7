"""Races between real concurrent transactions (live_client commits for real).

Every request runs on its own pooled connection; asyncio.gather sends them together, so the
database sees them interleaved. Each test works in its own organisation.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.routing import api
from tests.routing.conftest import Plant

ROUNDS = 8


async def test_default_releases_racing_on_one_item_leave_exactly_one_default(
    live_client: httpx.AsyncClient, live_plant: Plant
) -> None:
    client, plant = live_client, live_plant
    for _ in range(ROUNDS):
        item = await api.create_item(client, plant.admin.headers)
        old = await api.create_routing(
            client, plant.headers, item["id"], plant.lathe["id"], code="OLD", is_default=True
        )
        old = await api.released(client, plant.headers, old)
        drafts = [
            await api.create_routing(
                client, plant.headers, item["id"], plant.mill["id"], code=code, is_default=True
            )
            for code in ("A", "B", "C")
        ]

        responses = await asyncio.gather(
            *(api.act(client, plant.headers, draft, "release") for draft in drafts)
        )

        # Releases queue behind the item's lock: all succeed, and the last one wins.
        assert [r.status_code for r in responses] == [200, 200, 200], [r.text for r in responses]
        listed = await client.get(
            api.ROUTINGS, params={"item_id": item["id"]}, headers=plant.headers
        )
        routings = api.data_of(listed)
        defaults = [r["id"] for r in routings if r["is_default"]]
        assert len(defaults) == 1
        assert {r["status"] for r in routings} == {"released"}
        current = api.data_of(await client.get(f"{api.ITEMS}/{item['id']}", headers=plant.headers))
        assert current["default_routing_id"] == defaults[0]
        # The winner is the one no other release cleared: only the others lost the flag.
        audit = await client.get(
            f"{api.API}/audit-logs",
            params={"resource_type": "routing", "action": "default_cleared", "page_size": 100},
            headers=plant.admin.headers,
        )
        cleared = Counter(
            entry["resource_id"]
            for entry in api.data_of(audit)
            if entry["resource_id"] in {old["id"], *(d["id"] for d in drafts)}
        )
        assert set(cleared) == {old["id"], *(d["id"] for d in drafts)} - {defaults[0]}
        assert set(cleared.values()) == {1}


async def test_copies_racing_on_one_code_take_distinct_versions(
    live_client: httpx.AsyncClient, live_plant: Plant
) -> None:
    client, plant = live_client, live_plant
    source = await api.create_routing(client, plant.headers, plant.item["id"], plant.lathe["id"])

    responses = await asyncio.gather(
        *(api.act(client, plant.headers, source, "copy") for _ in range(6))
    )

    assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    assert sorted(r.json()["data"]["version"] for r in responses) == [2, 3, 4, 5, 6, 7]


async def test_an_edit_racing_a_release_applies_exactly_one(
    live_client: httpx.AsyncClient, live_plant: Plant
) -> None:
    client, plant = live_client, live_plant
    outcomes: Counter[int] = Counter()
    for round_ in range(ROUNDS):
        draft = await api.create_routing(
            client, plant.headers, plant.item["id"], plant.lathe["id"], code=f"E{round_}"
        )

        edit, release = await asyncio.gather(
            api.patch(client, plant.headers, draft, {"operations": []}),
            api.act(client, plant.headers, draft, "release"),
        )

        assert sorted([edit.status_code, release.status_code]) in ([200, 409], [200, 412])
        now = await api.read(client, plant.headers, draft["id"])
        assert now["revision"] == draft["revision"] + 1
        if release.status_code == 200:
            assert (now["status"], len(now["operations"])) == ("released", 1)
        else:
            assert (now["status"], now["operations"]) == ("draft", [])
        outcomes[release.status_code] += 1
    assert sum(outcomes.values()) == ROUNDS
