"""The `--fields` mini-language of `shopfloor module new`.

A spec is a list of `name:type` items separated by spaces (or commas):

    code:str:unique  title:str  samples:int  due:date?  grade:enum(a|b|c)  note:text?

- types: str, text, int, decimal, bool, date, datetime, uuid, enum(value|value|...)
- a `?` after the type makes the column nullable (optional in requests, clearable with null)
- `:unique` makes the value unique within an organisation (str, int, date, uuid)
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Literal

FilterKind = Literal["exact", "range"]

STR_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
ENUM_MAX_LENGTH = 32
DECIMAL_PRECISION = 18
DECIMAL_SCALE = 4
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1

# Columns every generated table has, and names the list endpoint uses for its query.
RESERVED_FIELD_NAMES = frozenset(
    {
        "id",
        "organization_id",
        "version",
        "created_at",
        "updated_at",
        "deleted_at",
        "is_deleted",
        "metadata",
        "registry",
        "page",
        "page_size",
        "sort",
        "q",
        # would collide with the generated class names (`{Module}Create`, ...)
        "create",
        "update",
        "read",
        "filters",
        "settings",
    }
)

# Names the generated files import. A field becomes a class attribute and a query
# parameter, where it would hide the import from the annotations resolved next to it.
IMPORTED_NAMES = {
    "uuid": "the uuid module",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
    "timedelta": "datetime.timedelta",
    "decimal": "from the decimal module",
    "enum": "from the enum module",
    "typing": "from the typing module",
    "sa": "sqlalchemy as sa",
    "op": "alembic's op",
}

_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ENUM_VALUE = re.compile(r"^[a-z][a-z0-9_]*$")
_ITEM = re.compile(
    r"^(?P<name>[^:()]+):(?P<type>[a-z]+)(?:\((?P<args>[^()]*)\))?(?P<nullable>\?)?"
    r"(?::(?P<flags>[a-z:]+))?(?P<trailing_nullable>\?)?$"
)


@dataclass(frozen=True)
class FieldType:
    name: str
    python_type: str
    column_type: str
    migration_type: str
    filter: FilterKind | None
    sortable: bool
    can_be_unique: bool


FIELD_TYPES: dict[str, FieldType] = {
    "str": FieldType(
        "str",
        "str",
        f"String({STR_MAX_LENGTH})",
        f"sa.String(length={STR_MAX_LENGTH})",
        "exact",
        sortable=True,
        can_be_unique=True,
    ),
    "text": FieldType("text", "str", "Text()", "sa.Text()", None, False, False),
    "int": FieldType("int", "int", "Integer()", "sa.Integer()", "range", True, True),
    "decimal": FieldType(
        "decimal",
        "Decimal",
        f"Numeric({DECIMAL_PRECISION}, {DECIMAL_SCALE})",
        f"sa.Numeric(precision={DECIMAL_PRECISION}, scale={DECIMAL_SCALE})",
        "range",
        sortable=True,
        can_be_unique=False,
    ),
    "bool": FieldType("bool", "bool", "Boolean()", "sa.Boolean()", "exact", False, False),
    "date": FieldType("date", "date", "Date()", "sa.Date()", "range", True, True),
    "datetime": FieldType(
        "datetime",
        "datetime",
        "DateTime(timezone=True)",
        "sa.DateTime(timezone=True)",
        "range",
        sortable=True,
        can_be_unique=False,
    ),
    "uuid": FieldType("uuid", "uuid.UUID", "Uuid()", "sa.Uuid()", "exact", False, True),
    "enum": FieldType(
        "enum",
        "str",
        f"String({ENUM_MAX_LENGTH})",
        f"sa.String(length={ENUM_MAX_LENGTH})",
        "exact",
        sortable=True,
        can_be_unique=False,
    ),
}


class FieldSpecError(ValueError):
    """A `--fields` item that cannot be used, with the item and the reason."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    nullable: bool = False
    unique: bool = False
    choices: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.type.name

    @property
    def is_enum(self) -> bool:
        return self.type.name == "enum"

    @property
    def indexed(self) -> bool:
        """A plain (organisation, field) index serves its filter; unique ones have their own."""
        return self.type.filter is not None and not self.unique

    @property
    def title(self) -> str:
        return self.name.replace("_", " ")

    @property
    def camel(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_"))

    def query_names(self) -> list[str]:
        if self.type.filter == "exact":
            return [self.name]
        if self.type.filter == "range":
            low, high = ("from", "to") if self.kind in ("date", "datetime") else ("min", "max")
            return [f"{self.name}_{low}", f"{self.name}_{high}"]
        return []


def parse_fields(spec: str) -> list[FieldSpec]:
    """Parse a `--fields` value; raise `FieldSpecError` naming the first bad item."""
    items = [item for item in re.split(r"[\s,]+", spec.strip()) if item]
    if not items:
        raise FieldSpecError("no fields given; for example --fields 'code:str:unique name:str'")
    fields = [_parse_item(item) for item in items]
    seen: set[str] = set()
    for field in fields:
        if field.name in seen:
            raise FieldSpecError(f"field {field.name!r} is declared twice")
        seen.add(field.name)
    query_names: dict[str, str] = {}
    for field in fields:
        for name in field.query_names():
            owner = query_names.get(name)
            if owner is not None or (name in seen and name != field.name):
                raise FieldSpecError(
                    f"the list filter {name!r} of field {field.name!r} clashes with "
                    f"{owner or name!r}; rename one of the fields"
                )
            query_names[name] = field.name
    return fields


def _parse_item(item: str) -> FieldSpec:
    match = _ITEM.match(item)
    if match is None:
        raise FieldSpecError(
            f"{item!r} is not a field; write name:type, name:type? or name:type:unique"
        )
    name = match["name"]
    _check_field_name(item, name)
    type_name = match["type"]
    field_type = FIELD_TYPES.get(type_name)
    if field_type is None:
        raise FieldSpecError(
            f"{item!r}: unknown type {type_name!r} (use one of {', '.join(FIELD_TYPES)})"
        )
    choices = _parse_choices(item, field_type, match["args"])
    nullable = bool(match["nullable"] or match["trailing_nullable"])
    flags = [flag for flag in (match["flags"] or "").split(":") if flag]
    unknown = [flag for flag in flags if flag != "unique"]
    if unknown:
        raise FieldSpecError(f"{item!r}: unknown option {unknown[0]!r} (only 'unique' exists)")
    unique = "unique" in flags
    if unique and not field_type.can_be_unique:
        allowed = ", ".join(name for name, kind in FIELD_TYPES.items() if kind.can_be_unique)
        raise FieldSpecError(f"{item!r}: a {type_name} field cannot be unique (only {allowed})")
    return FieldSpec(name, field_type, nullable=nullable, unique=unique, choices=choices)


def _check_field_name(item: str, name: str) -> None:
    if not _FIELD_NAME.match(name) or name.endswith("_"):
        raise FieldSpecError(
            f"{item!r}: field name {name!r} must be lower-case letters, digits and "
            "underscores, starting with a letter"
        )
    if keyword.iskeyword(name) or name in ("match", "case", "type"):
        raise FieldSpecError(f"{item!r}: field name {name!r} is a Python keyword")
    if name in IMPORTED_NAMES:
        raise FieldSpecError(
            f"{item!r}: field name {name!r} is reserved: the generated files import "
            f"{IMPORTED_NAMES[name]}, which a field of that name would hide"
        )
    if name in RESERVED_FIELD_NAMES:
        raise FieldSpecError(
            f"{item!r}: field name {name!r} is reserved (every table has id, "
            "organization_id, version, timestamps; the list uses page, page_size, sort)"
        )
    if name.startswith("model_"):
        raise FieldSpecError(f"{item!r}: names starting with 'model_' are reserved by pydantic")


def _parse_choices(item: str, field_type: FieldType, args: str | None) -> tuple[str, ...]:
    if field_type.name != "enum":
        if args is not None:
            raise FieldSpecError(f"{item!r}: only enum takes values in parentheses")
        return ()
    if not args:
        raise FieldSpecError(f"{item!r}: an enum needs its values, e.g. grade:enum(a|b|c)")
    choices = tuple(value.strip() for value in args.split("|"))
    for value in choices:
        if not _ENUM_VALUE.match(value) or len(value) > ENUM_MAX_LENGTH:
            raise FieldSpecError(
                f"{item!r}: enum value {value!r} must be lower-case letters, digits and "
                f"underscores, starting with a letter, at most {ENUM_MAX_LENGTH} characters"
            )
    if len(choices) < 2:
        raise FieldSpecError(f"{item!r}: an enum needs at least two values")
    if len(set(choices)) != len(choices):
        raise FieldSpecError(f"{item!r}: an enum value is listed twice")
    return choices
