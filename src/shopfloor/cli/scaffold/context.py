"""The values and helpers the module templates are rendered with."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from shopfloor.cli.scaffold import fields as field_types
from shopfloor.cli.scaffold import sample_values
from shopfloor.cli.scaffold.fields import FieldSpec
from shopfloor.cli.scaffold.spec import ModuleSpec
from shopfloor.cli.scaffold.templates import python_literal

LIMITS = SimpleNamespace(
    STR_MAX_LENGTH=field_types.STR_MAX_LENGTH,
    TEXT_MAX_LENGTH=field_types.TEXT_MAX_LENGTH,
    ENUM_MAX_LENGTH=field_types.ENUM_MAX_LENGTH,
    DECIMAL_PRECISION=field_types.DECIMAL_PRECISION,
    DECIMAL_SCALE=field_types.DECIMAL_SCALE,
    INT_MIN=field_types.INT_MIN,
    INT_MAX=field_types.INT_MAX,
)

# Column types in models.py, written with the module's own constants.
MODEL_COLUMN_TYPES = {
    "str": "String(STR_MAX_LENGTH)",
    "text": "Text()",
    "int": "Integer()",
    "decimal": "Numeric(DECIMAL_MAX_DIGITS, DECIMAL_PLACES)",
    "bool": "Boolean()",
    "date": "Date()",
    "datetime": "DateTime(timezone=True)",
    "uuid": "Uuid()",
    "enum": "String(ENUM_MAX_LENGTH)",
}
MODEL_CONSTANTS = {
    "str": ("STR_MAX_LENGTH",),
    "decimal": ("DECIMAL_MAX_DIGITS", "DECIMAL_PLACES"),
    "enum": ("ENUM_MAX_LENGTH",),
}
SCHEMA_CONSTANTS = {
    "str": ("STR_MAX_LENGTH",),
    "text": ("TEXT_MAX_LENGTH",),
    "int": ("INT_MAX", "INT_MIN"),
    "decimal": ("DECIMAL_MAX_DIGITS", "DECIMAL_PLACES", "DECIMAL_STEP"),
}
COLUMN_PYTHON = {
    "str": "str",
    "text": "str",
    "enum": "str",
    "int": "int",
    "decimal": "Decimal",
    "bool": "bool",
    "date": "date",
    "datetime": "datetime",
    "uuid": "uuid.UUID",
}
DOC_TYPES = {
    "str": f"string (1-{field_types.STR_MAX_LENGTH})",
    "text": f"text (up to {field_types.TEXT_MAX_LENGTH})",
    "int": "integer (32-bit)",
    "decimal": (
        f"decimal ({field_types.DECIMAL_PRECISION} digits, {field_types.DECIMAL_SCALE} places)"
    ),
    "bool": "boolean",
    "date": "date (YYYY-MM-DD)",
    "datetime": "date-time with time zone",
    "uuid": "UUID",
    "enum": "one of",
}
EXAMPLES: dict[str, Callable[[FieldSpec], Any]] = {
    "str": lambda field: f"{field.name.upper().replace('_', '-')[:12]}-001",
    "text": lambda field: f"Free text about the {field.title}.",
    "int": lambda field: 10,
    "decimal": lambda field: "12.5000",
    "bool": lambda field: True,
    "date": lambda field: "2026-12-01",
    "datetime": lambda field: "2026-12-01T08:00:00+08:00",
    "uuid": lambda field: "0195f0c2-7a1e-7c3e-9a4b-3f2d1c0b9a87",
    "enum": lambda field: field.choices[0],
}


# What the linter (bandit S105) takes for a password when a string is assigned to it.
_PASSWORD_LIKE = re.compile(r"(^|_)(pas+wo?r?d|pass(phrase)?|pwd|token|secrete?)($|_)", re.I)


def secret_noqa(name: str) -> str:
    """A lint exemption for a constant whose name only looks like it holds a password."""
    return "  # noqa: S105 (a name, not a secret)" if _PASSWORD_LIKE.search(name) else ""


def sql_name(name: str) -> str:
    """A column name as PostgreSQL must read it: quoted when it is a reserved word (`order`)."""
    from sqlalchemy.dialects.postgresql.base import PGDialect

    dialect = PGDialect()  # type: ignore[no-untyped-call]  # (its __init__ has no annotations)
    return dialect.identifier_preparer.quote(name)


def check_condition(item: FieldSpec) -> str:
    """The SQL of an enum field's CHECK constraint (its values are plain identifiers)."""
    values = ", ".join(f"'{value}'" for value in item.choices)
    return f"{sql_name(item.name)} IN ({values})"


def zh_not_found(spec: ModuleSpec) -> str:
    """The zh-TW not-found message: the Chinese name, or a generic noun and the English one."""
    if not spec.label_zh:
        return f"找不到指定的資料（{spec.label}）。"
    # Latin words inside a Chinese sentence are set off by a space.
    name = f" {spec.label_zh}" if spec.label_zh.isascii() else spec.label_zh
    return f"找不到指定的{name}。"


def _sorted_imports(names: set[str]) -> list[str]:
    # isort order inside one import: constants, then classes, then functions.
    def rank(name: str) -> tuple[int, str]:
        if name.isupper():
            return (0, name)
        if name[:1].isupper():
            return (1, name)
        return (2, name)

    return sorted(names, key=rank)


def template_context(spec: ModuleSpec, *, description: str) -> dict[str, Any]:
    kinds = {item.kind for item in spec.fields}
    filter_kinds = {item.kind for item in spec.filter_fields}
    enum_classes = {spec.enum_class(item) for item in spec.enum_fields}

    model_constants = {name for kind in kinds for name in MODEL_CONSTANTS.get(kind, ())}
    if spec.enum_fields:
        model_constants |= enum_classes
    sa_imports = {"Index", "text"} | {MODEL_COLUMN_TYPES[kind].split("(")[0] for kind in kinds}
    if spec.enum_fields:
        sa_imports.add("CheckConstraint")

    schema_constants = {name for kind in kinds for name in SCHEMA_CONSTANTS.get(kind, ())}
    schema_constants |= enum_classes | {f"{spec.class_name}Sort"}
    pydantic_imports = {"AfterValidator", "BaseModel", "ConfigDict", "Field"}
    if kinds & {"str", "text"}:
        pydantic_imports.add("StringConstraints")
    if "datetime" in kinds:
        pydantic_imports.add("AwareDatetime")
    schema_datetime = {"datetime"}
    if "date" in kinds:
        schema_datetime.add("date")
    if "datetime" in kinds:
        schema_datetime.add("UTC")

    dependency_constants = {"PERMISSION_MANAGE", "PERMISSION_READ", f"{spec.class_name}Sort"}
    for item in spec.filter_fields:
        if item.kind == "str":
            dependency_constants.add("STR_MAX_LENGTH")
        elif item.kind == "int":
            dependency_constants |= {"INT_MIN", "INT_MAX"}
        elif item.kind == "decimal":
            dependency_constants |= {"DECIMAL_MAX_DIGITS", "DECIMAL_PLACES"}
        elif item.is_enum:
            dependency_constants.add(spec.enum_class(item))
    filter_datetime = sorted({"date"} & filter_kinds)

    def filter_type(item: FieldSpec) -> str:
        return spec.python_type(item)

    def query_type(item: FieldSpec) -> str:
        return "AwareDatetime" if item.kind == "datetime" else spec.python_type(item)

    def query_bounds(item: FieldSpec) -> str:
        if item.kind == "int":
            return "ge=INT_MIN, le=INT_MAX, "
        if item.kind == "decimal":
            return "max_digits=DECIMAL_MAX_DIGITS, decimal_places=DECIMAL_PLACES, "
        return ""

    def field_alias(item: FieldSpec) -> str:
        """The type a request field is declared with (an enum is its own type)."""
        return spec.enum_class(item) if item.is_enum else f"{spec.class_name}{item.camel}"

    def key_expression(variable: str) -> str:
        key = spec.key_field
        return f"{variable}.{key.name}" if key is not None else "None"

    def example(item: FieldSpec) -> str:
        return python_literal(EXAMPLES[item.kind](item))

    def doc_type(item: FieldSpec) -> str:
        if item.is_enum:
            return "one of " + ", ".join(f"`{value}`" for value in item.choices)
        return DOC_TYPES[item.kind]

    def doc_notes(item: FieldSpec) -> str:
        notes = []
        if item.unique:
            notes.append("unique among the organisation's live rows")
        if item.nullable:
            notes.append("`null` clears it")
        names = item.query_names()
        if names:
            notes.append("filter: " + ", ".join(f"`{name}`" for name in names))
        return "; ".join(notes) or "-"

    samples = [sample_values.sample(item) for item in spec.fields]
    return {
        **_test_context(spec),
        "factory_uses_n": any("n" in re.findall(r"\b\w+\b", text) for text in samples),
        "factory_uses_suffix": any("suffix" in text for text in samples),
        "factory_dates": any("timedelta" in text for text in samples),
        "m": spec,
        "revision": spec.revision,
        "description": description,
        "description_doc": textwrap.fill(description, width=92),
        "description_parts": _string_parts(description, width=80),
        "zh_not_found": zh_not_found(spec),
        "article": "an" if spec.label[:1] in "aeiou" else "a",
        "kinds": kinds,
        "filter_kinds": filter_kinds,
        "limits": LIMITS,
        "datetime_names": sorted({"date", "datetime"} & kinds),
        "sa_imports": _sorted_imports(sa_imports),
        "column_types": {item.name: MODEL_COLUMN_TYPES[item.kind] for item in spec.fields},
        "column_python": {item.name: COLUMN_PYTHON[item.kind] for item in spec.fields},
        "constant_imports": _sorted_imports(model_constants),
        "schema_datetime_names": _sorted_imports(schema_datetime),
        "pydantic_imports": _sorted_imports(pydantic_imports),
        "schema_constant_imports": _sorted_imports(schema_constants),
        "needs_blank_to_none": any(
            item.nullable and item.kind in ("str", "text") for item in spec.fields
        ),
        "dependency_constant_imports": _sorted_imports(dependency_constants),
        "filter_datetime_names": filter_datetime,
        "filter_type": filter_type,
        "query_type": query_type,
        "query_bounds": query_bounds,
        "field_alias": field_alias,
        "secret_noqa": secret_noqa,
        "sql_name": sql_name,
        "check_condition": check_condition,
        "key_expression": key_expression,
        "example": example,
        "doc_type": doc_type,
        "doc_notes": doc_notes,
    }


def _test_context(spec: ModuleSpec) -> dict[str, Any]:
    from shopfloor.cli.scaffold.spec import READ_ROLES

    updatable = [item for item in spec.fields if sample_values.changed(item) is not None]
    sortable = [item for item in spec.sort_fields if sample_values.pair(item) is not None]
    return {
        "sample": sample_values.sample,
        "changed": sample_values.changed,
        "pair": sample_values.pair,
        "invalid_body_values": sample_values.invalid_body_values,
        "invalid_query_values": sample_values.invalid_query_values,
        "same": sample_values.same,
        "required_fields": [item for item in spec.fields if not item.nullable],
        "nullable_field": next((item for item in spec.fields if item.nullable), None),
        "update_field": updatable[0] if updatable else spec.fields[0],
        "sort_field": sortable[0] if sortable else None,
        "roles_without_manage": [role for role in READ_ROLES if role not in spec.manage_roles],
    }


def _string_parts(text: str, *, width: int) -> list[str]:
    """Pieces for an implicitly concatenated string literal that keeps lines short."""
    lines = textwrap.wrap(text, width=width, drop_whitespace=False)
    return lines or [""]
