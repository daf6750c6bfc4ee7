"""Master data: what a CSV import refuses (each refusal imports nothing), and who may import."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.master_data.conftest import CreateRow
from tests.master_data.resources import (
    RESOURCES,
    ROLES,
    Resource,
    csv_file,
    import_csv,
    problems,
    rows_by_code,
)
from tests.master_data.test_csv_import import summary
from tests.support.identity import MakeUser, TestUser


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["code", "name", "colour"], [(1, "colour", "UNKNOWN_COLUMN")]),
        (["code"], [(1, "name", "MISSING_COLUMN")]),
        (["name"], [(1, "code", "MISSING_COLUMN")]),
        (["code", "name", "name"], [(1, "name", "DUPLICATE_COLUMN")]),
        (["code", "name", "version"], [(1, "version", "UNKNOWN_COLUMN")]),
        (["code", "name", "id"], [(1, "id", "UNKNOWN_COLUMN")]),
    ],
)
async def test_a_bad_header_is_refused(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    header: list[str],
    expected: list[tuple[int, str, str]],
) -> None:
    body = csv_file([header, ["H-1"] * len(header)])

    answer = await import_csv(client, resource, admin, body)

    assert problems(answer, "IMPORT_INVALID_HEADER") == expected
    assert await rows_by_code(client, resource, admin) == {}


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        (["", "Name"], "code", "MISSING"),
        (["A" * 33, "Name"], "code", "STRING_TOO_LONG"),
        (["-AB", "Name"], "code", "STRING_PATTERN_MISMATCH"),
        (["A B", "Name"], "code", "STRING_PATTERN_MISMATCH"),
        (["客戶", "Name"], "code", "STRING_PATTERN_MISMATCH"),
        (["OK", ""], "name", "MISSING"),
        (["OK", "   "], "name", "STRING_TOO_SHORT"),
        (["OK", "Tab\there"], "name", "INVALID_CHARACTER"),
        (["OK", "Nul\u0000"], "name", "INVALID_CHARACTER"),
        (["OK", "Esc\u001b[0m"], "name", "INVALID_CHARACTER"),
        (["OK", "Name", "maybe"], "active", "BOOL_PARSING"),
    ],
)
async def test_a_bad_cell_refuses_the_whole_file(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource: Resource,
    cells: list[str],
    column: str,
    code: str,
) -> None:
    header = ["code", "name", "active"]
    row = [*cells, *["true"] * (3 - len(cells))]
    body = csv_file([header, ["GOOD-1", "Fine", "true"], row])

    answer = await import_csv(client, resource, admin, body)

    assert problems(answer, "IMPORT_INVALID_ROWS") == [(3, column, code)]
    assert answer.json()["error"]["details"][0]["loc"] == ["body", 3, column]
    assert await rows_by_code(client, resource, admin) == {}


def own_bad_cells() -> list[Any]:
    """The resources' own refused values that a CSV cell can carry (non-empty text)."""
    return [
        pytest.param(resource, field, value, code, id=f"{resource}-{field}-{code}-{number}")
        for resource in RESOURCES
        for number, (body, field, code) in enumerate(resource.bad_create)
        for value in [body[field]]
        # Type errors are JSON's: a cell is always text, read as the field's type.
        if field in resource.csv_columns and isinstance(value, str) and value
        if not code.endswith("_TYPE")
    ]


@pytest.mark.parametrize(("resource_spec", "field", "value", "code"), own_bad_cells())
async def test_a_bad_cell_of_the_resources_own_fields_is_refused(
    client: httpx.AsyncClient,
    admin: TestUser,
    resource_spec: Resource,
    field: str,
    value: str,
    code: str,
) -> None:
    body = csv_file([["code", "name", field], ["OWN-1", "Fine", value]])

    answer = await import_csv(client, resource_spec, admin, body)

    assert problems(answer, "IMPORT_INVALID_ROWS") == [(2, field, code)]


async def test_the_longest_values_are_taken(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    names = list(resource.longest)
    longest = "n" * resource.name_max_length
    body = csv_file(
        [["code", "name", *names], ["L" * 32, longest, *(resource.longest[n] for n in names)]]
    )

    assert summary(await import_csv(client, resource, admin, body))["created"] == 1
    row = (await rows_by_code(client, resource, admin))["L" * 32]
    assert row["name"] == longest


async def test_every_problem_is_reported_with_its_line(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    body = csv_file(
        [
            ["code", "name"],
            ["dup-1", "First"],
            ["BAD CODE", ""],
            ["DUP-1", "Again, in other case"],
            ["SHORT"],
        ]
    )

    answer = await import_csv(client, resource, admin, body, headers={"Accept-Language": "en"})

    assert problems(answer, "IMPORT_INVALID_ROWS") == [
        (3, "code", "STRING_PATTERN_MISMATCH"),
        (3, "name", "MISSING"),
        (4, "code", "DUPLICATE_CODE"),
        (5, None, "WRONG_FIELD_COUNT"),
    ]
    error = answer.json()["error"]
    assert error["message"] == "The file has 4 problems; nothing was imported."
    messages = [detail["message"] for detail in error["details"]]
    assert messages[2] == "The code DUP-1 already appears on line 2."
    assert messages[3] == "This row has 1 cells; the header has 2."


async def test_a_code_of_another_organisation_creates_the_callers_own(
    client: httpx.AsyncClient,
    admin: TestUser,
    other_admin: TestUser,
    resource: Resource,
    create_row: CreateRow,
) -> None:
    theirs = await create_row(other_admin, code="SHARED-1", name="Theirs")
    body = csv_file([["code", "name"], ["SHARED-1", "Mine"]])

    answer = await import_csv(client, resource, admin, body)

    assert summary(answer)["created"] == 1
    mine = (await rows_by_code(client, resource, admin))["SHARED-1"]
    assert mine["id"] != theirs["id"]
    assert mine["organization_id"] == str(admin.organization_id)
    assert (await rows_by_code(client, resource, other_admin)) == {"SHARED-1": theirs}


@pytest.mark.parametrize("role", ROLES)
async def test_importing_needs_the_manage_permission(
    client: httpx.AsyncClient, make_user: MakeUser, resource: Resource, role: str
) -> None:
    caller = await make_user(role=role)
    body = csv_file([["code", "name"], ["ROLE-1", "By role"]])

    answer = await import_csv(client, resource, caller, body)

    if role in resource.managers:
        assert summary(answer)["created"] == 1
    else:
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "PERMISSION_DENIED"
        assert await rows_by_code(client, resource, caller) == {}


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, "AUTHENTICATION_REQUIRED"), ({"Authorization": "Bearer nope"}, "INVALID_TOKEN")],
)
async def test_importing_needs_a_valid_token(
    client: httpx.AsyncClient, resource: Resource, headers: dict[str, str], code: str
) -> None:
    answer = await client.post(
        f"{resource.path}/import",
        content=b"code,name\r\nX,Y\r\n",
        headers={**headers, "Content-Type": "text/csv"},
    )

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == code


@pytest.mark.parametrize(
    "content_type",
    [None, "application/json", "text/plain", "text/csv; charset=latin-1", "multipart/form-data"],
)
async def test_another_content_type_is_refused(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, content_type: str | None
) -> None:
    headers = {**admin.headers, **({"Content-Type": content_type} if content_type else {})}
    answer = await client.post(
        f"{resource.path}/import", content=b"code,name\r\nCT-1,Y\r\n", headers=headers
    )

    assert answer.status_code == 415
    assert answer.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert await rows_by_code(client, resource, admin) == {}


async def test_a_utf8_charset_parameter_is_accepted(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource
) -> None:
    body = csv_file([["code", "name"], ["CS-1", "中文名稱"]])
    headers = {"Content-Type": 'text/csv; charset="UTF-8"'}

    answer = await import_csv(client, resource, admin, body, headers=headers)

    assert summary(answer)["created"] == 1
    assert (await rows_by_code(client, resource, admin))["CS-1"]["name"] == "中文名稱"


@pytest.mark.parametrize("dry_run", ["maybe", "2"])
async def test_a_bad_dry_run_flag_is_refused(
    client: httpx.AsyncClient, admin: TestUser, resource: Resource, dry_run: str
) -> None:
    answer = await client.post(
        f"{resource.path}/import",
        params={"dry_run": dry_run},
        content=b"code,name\r\n",
        headers={**admin.headers, "Content-Type": "text/csv"},
    )

    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "VALIDATION_ERROR"
    assert answer.json()["error"]["details"][0]["loc"] == ["query", "dry_run"]
