"""`module new` refuses names and field specs it cannot use, with a reason and nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shopfloor.cli.scaffold.fields import IMPORTED_NAMES, FieldSpecError, parse_fields
from shopfloor.cli.scaffold.names import normalise
from tests.cli.conftest import Cli, snapshot


def refused(cli: Cli, project: Path, name: str, *extra: str) -> str:
    before = snapshot(project)
    result = cli("module", "new", name, *extra, env={"SHOPFLOOR_ROOT": str(project)})
    assert result.exit_code == 1, result.output
    assert snapshot(project) == before
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("InspectionPlan", "inspection_plan"),
        ("inspection-plan", "inspection_plan"),
        ("Inspection Plan", "inspection_plan"),
        ("HTTPLog", "http_log"),
        ("quality__check", "quality_check"),
    ],
)
def test_names_are_normalised_to_snake_case(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_the_normalised_name_is_shown(cli: Cli, project: Path) -> None:
    result = cli("module", "new", "Match", env={"SHOPFLOOR_ROOT": str(project)})
    assert "Module name: match (from 'Match')" in result.output


def test_a_name_that_is_not_an_identifier_is_refused_with_a_suggestion(
    cli: Cli, project: Path
) -> None:
    error = refused(cli, project, "3d-scans")
    assert "'3d_scans' is not a valid identifier" in error
    assert "try 'shop_3d_scans'" in error


def test_a_python_keyword_is_refused(cli: Cli, project: Path) -> None:
    error = refused(cli, project, "class")
    assert "'class' is a Python keyword; try 'shop_class'" in error


@pytest.mark.parametrize("name", ["match", "case", "type", "_"])
def test_a_soft_keyword_is_refused(cli: Cli, project: Path, name: str) -> None:
    assert f"{name!r} is a Python soft keyword" in refused(cli, project, name)


@pytest.mark.parametrize("name", ["json", "calendar", "queue"])
def test_a_standard_library_name_is_refused(cli: Cli, project: Path, name: str) -> None:
    error = refused(cli, project, name)
    assert f"{name!r} is a standard-library module name; try 'shop_{name}'" in error


@pytest.mark.parametrize("name", ["fastapi", "httpx", "pytest"])
def test_an_importable_top_level_name_is_refused(cli: Cli, project: Path, name: str) -> None:
    assert f"{name!r} is already importable as a top-level package" in refused(cli, project, name)


@pytest.mark.parametrize("name", ["core", "cli", "main", "config", "api", "tests", "migrations"])
def test_a_reserved_name_is_refused(cli: Cli, project: Path, name: str) -> None:
    assert f"{name!r} is reserved by the platform" in refused(cli, project, name)


def test_an_existing_module_is_refused(cli: Cli, project: Path) -> None:
    error = refused(cli, project, "work_center")
    # Written by hand, so --force would be refused too: the message must not offer it.
    assert error == (
        "error: module 'work_center' already exists; choose another name (it was not made "
        "by `module new`, so --force cannot regenerate it)"
    )


def test_the_name_of_alembics_own_table_is_refused(cli: Cli, project: Path) -> None:
    error = refused(cli, project, "alembic_version")
    assert error == (
        "error: 'alembic_version' is the table where Alembic records the applied migrations; "
        "try 'shop_alembic_version'"
    )


def test_a_name_whose_table_exists_in_another_module_is_refused(cli: Cli, project: Path) -> None:
    error = refused(cli, project, "organization")
    assert "a table named 'organization' already exists" in error


def test_a_name_too_long_for_postgres_identifiers_is_refused(cli: Cli, project: Path) -> None:
    name = "quality_inspection_measurement_records"
    error = refused(cli, project, name)
    assert f"'fk_{name}_organization_id_organization'" in error
    assert "over PostgreSQL's 63-byte limit" in error


def test_a_field_name_that_makes_an_index_name_too_long_is_refused(cli: Cli, project: Path) -> None:
    field = "a_rather_long_field_name_for_the_filter_index"
    error = refused(cli, project, "gauge", "--fields", f"{field}:str")
    assert f"'ix_gauge_organization_id_{field}'" in error


def test_force_never_skips_the_name_checks(cli: Cli, project: Path) -> None:
    assert "standard-library module name" in refused(cli, project, "json", "--force")


def test_force_does_not_regenerate_a_module_written_by_hand(cli: Cli, project: Path) -> None:
    error = refused(cli, project, "work_center", "--force")
    assert "was not made by `module new`" in error


def test_a_bad_field_spec_is_refused_with_the_item_and_the_reason(cli: Cli, project: Path) -> None:
    error = refused(cli, project, "gauge", "--fields", "code:str size:float")
    assert "'size:float': unknown type 'float'" in error


def test_an_unknown_dependency_is_refused(cli: Cli, project: Path) -> None:
    error = refused(cli, project, "gauge", "--depends-on", "warehouse")
    assert "--depends-on names 'warehouse', which is not an installed module" in error


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("", "no fields given"),
        ("code", "is not a field"),
        ("code:string", "unknown type 'string'"),
        ("Code:str", "must be lower-case letters"),
        ("class:str", "is a Python keyword"),
        ("version:int", "is reserved"),
        ("page:int", "is reserved"),
        ("model_name:str", "reserved by pydantic"),
        ("code:str code:int", "declared twice"),
        ("grade:enum", "an enum needs its values"),
        ("grade:enum(a)", "at least two values"),
        ("grade:enum(a|a)", "listed twice"),
        ("grade:enum(A|b)", "enum value 'A'"),
        ("size:int(4)", "only enum takes values"),
        ("note:text:unique", "a text field cannot be unique"),
        ("done:bool:unique", "a bool field cannot be unique"),
        ("code:str:indexed", "unknown option 'indexed'"),
        ("qty:int qty_min:int", "clashes with"),
    ],
)
def test_bad_field_specs_are_refused(spec: str, reason: str) -> None:
    with pytest.raises(FieldSpecError, match=re.escape(reason)):
        parse_fields(spec)


@pytest.mark.parametrize("name", ["uuid", "date", "datetime", "decimal", "enum", "sa", "typing"])
def test_a_field_named_like_an_import_of_the_generated_files_is_refused(name: str) -> None:
    assert name in IMPORTED_NAMES
    with pytest.raises(FieldSpecError) as refusal:
        parse_fields(f"code:str {name}:str")
    assert str(refusal.value) == (
        f"'{name}:str': field name '{name}' is reserved: the generated files import "
        f"{IMPORTED_NAMES[name]}, which a field of that name would hide"
    )


def test_a_uuid_field_named_uuid_is_refused_before_anything_is_generated(
    cli: Cli, project: Path
) -> None:
    error = refused(cli, project, "gauge", "--fields", "uuid:uuid")
    assert error == (
        "error: 'uuid:uuid': field name 'uuid' is reserved: the generated files import the "
        "uuid module, which a field of that name would hide"
    )


def test_field_specs_cover_every_type_flag_and_separator() -> None:
    fields = parse_fields(
        "code:str:unique, title:str note:text? qty:int price:decimal done:bool "
        "due:date? at:datetime gauge:uuid:unique grade:enum(a|b|c)"
    )
    assert [(f.name, f.kind, f.nullable, f.unique) for f in fields] == [
        ("code", "str", False, True),
        ("title", "str", False, False),
        ("note", "text", True, False),
        ("qty", "int", False, False),
        ("price", "decimal", False, False),
        ("done", "bool", False, False),
        ("due", "date", True, False),
        ("at", "datetime", False, False),
        ("gauge", "uuid", False, True),
        ("grade", "enum", False, False),
    ]
    assert fields[-1].choices == ("a", "b", "c")
    assert fields[3].query_names() == ["qty_min", "qty_max"]
    assert fields[6].query_names() == ["due_from", "due_to"]
    assert fields[2].query_names() == []
