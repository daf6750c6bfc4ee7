"""Work centers in CSV files: descriptions over several lines, and states.

What every master-data resource does is in tests/master_data.
"""

from __future__ import annotations

import httpx

from tests.master_data.resources import (
    WORK_CENTERS,
    create,
    csv_file,
    export_csv,
    import_csv,
    problems,
    rows_by_code,
)
from tests.support.identity import TestUser


async def test_a_description_over_several_lines_travels_quoted(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    await create(client, WORK_CENTERS, admin, code="ML-1", description="Bay 3\r\nnext to\tthe door")
    before = await rows_by_code(client, WORK_CENTERS, admin)

    exported = await export_csv(client, WORK_CENTERS, admin)
    again = await import_csv(client, WORK_CENTERS, admin, exported.content)

    assert b'"Bay 3\r\nnext to\tthe door"' in exported.content
    assert again.json()["data"]["unchanged"] == 1
    assert await rows_by_code(client, WORK_CENTERS, admin) == before


async def test_the_state_column_sets_the_state_and_empty_means_normal(
    client: httpx.AsyncClient, admin: TestUser
) -> None:
    body = csv_file([["code", "name", "state"], ["ST-1", "Lathe", "blocked"], ["ST-2", "Mill", ""]])
    refused = csv_file([["code", "name", "state"], ["ST-3", "Saw", "Blocked"]])

    created = await import_csv(client, WORK_CENTERS, admin, body)
    bad = await import_csv(client, WORK_CENTERS, admin, refused)

    assert created.json()["data"]["created"] == 2
    rows = await rows_by_code(client, WORK_CENTERS, admin)
    assert (rows["ST-1"]["state"], rows["ST-2"]["state"]) == ("blocked", "normal")
    assert problems(bad, "IMPORT_INVALID_ROWS") == [(2, "state", "ENUM")]
