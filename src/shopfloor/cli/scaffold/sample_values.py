"""Values the generated tests use, written as Python expressions, per field type.

Valid samples may use the factory's `n` (a counter) and `suffix` (random hex) so that unique
fields get fresh values. Filter values come in pairs (low, high) with a boundary between.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopfloor.cli.scaffold import fields as limits
from shopfloor.cli.scaffold.fields import FieldSpec


@dataclass(frozen=True)
class Pair:
    low: str
    high: str
    between: str | None = None


def sample(field: FieldSpec) -> str:
    kind = field.kind
    if kind == "str":
        prefix = field.name.upper().replace("_", "-")[:12]
        return f'f"{prefix}-{{suffix}}"' if field.unique else f'f"{field.title} {{n}}"'
    if kind == "text":
        return f'f"Notes on the {field.title} {{n}}"'
    if kind == "int":
        return "n"
    if kind == "decimal":
        return 'f"{n}.2500"'
    if kind == "bool":
        return "True"
    if kind == "date":
        if field.unique:
            return "(date(2026, 1, 1) + timedelta(days=n)).isoformat()"
        return '"2026-12-01"'
    if kind == "datetime":
        return '"2026-12-01T08:00:00+08:00"'
    if kind == "uuid":
        return "str(uuid.uuid4())"
    return repr(field.choices[0]).replace("'", '"')


def changed(field: FieldSpec) -> str | None:
    """A valid value that differs from every sample (None when the type has no other)."""
    kind = field.kind
    if kind in ("str", "text"):
        return f'"changed {field.title}"'
    if kind == "int":
        return "-5"
    if kind == "decimal":
        return '"-3.1250"'
    if kind == "bool":
        return "False"
    if kind == "date":
        return '"2027-02-03"'
    if kind == "datetime":
        return '"2027-01-01T12:30:00+00:00"'
    if kind == "uuid":
        return "str(uuid.uuid4())"
    return f'"{field.choices[1]}"' if len(field.choices) > 1 else None


def pair(field: FieldSpec) -> Pair | None:
    """Two values in ascending order (and a boundary between them for range filters)."""
    kind = field.kind
    if kind == "str":
        return Pair('"alpha 1"', '"bravo 2"')
    if kind == "int":
        return Pair("10", "20", "15")
    if kind == "decimal":
        return Pair('"1.5000"', '"9.5000"', '"5"')
    if kind == "bool":
        return Pair("False", "True")
    if kind == "date":
        return Pair('"2026-01-10"', '"2026-01-20"', '"2026-01-15"')
    if kind == "datetime":
        return Pair(
            '"2026-01-10T00:00:00+00:00"', '"2026-01-20T00:00:00+00:00"', '"2026-01-15T00:00:00Z"'
        )
    if kind == "uuid":
        return Pair(
            '"00000000-0000-4000-8000-000000000001"', '"00000000-0000-4000-8000-000000000002"'
        )
    if kind == "enum" and len(field.choices) > 1:
        low, high = sorted(field.choices)[:2]
        return Pair(f'"{low}"', f'"{high}"')
    return None


def invalid_body_values(field: FieldSpec) -> list[str]:
    kind = field.kind
    if kind == "str":
        values = ["123", f'"x" * {limits.STR_MAX_LENGTH + 1}', r'"a\u0000b"', r'"two\nlines"']
        return values if field.nullable else [*values, '"   "']
    if kind == "text":
        values = ["123", f'"x" * {limits.TEXT_MAX_LENGTH + 1}', r'"a\u0000b"']
        return values if field.nullable else [*values, '"   "']
    if kind == "int":
        return ['"many"', "2**31", "-(2**31) - 1", "1.5"]
    if kind == "decimal":
        return ['"abc"', '"1.00001"', '"1e20"', '"NaN"']
    if kind == "bool":
        return ['"maybe"', "2"]
    if kind == "date":
        return ['"2026-13-45"', '"not a date"']
    if kind == "datetime":
        return ['"yesterday"', '"2026-12-01T08:00:00"']
    if kind == "uuid":
        return ['"not-a-uuid"', "42"]
    return ['"not_one_of_the_choices"', "7"]


def invalid_query_values(field: FieldSpec) -> list[tuple[str, str]]:
    """(query parameter, bad value) pairs for the field's list filters."""
    kind = field.kind
    if kind == "str":
        return [
            (name, value)
            for name in field.query_names()
            for value in (f'"x" * {limits.STR_MAX_LENGTH + 1}', r'"a\u0000b"')
        ]
    bad = {
        "int": '"many"',
        "decimal": '"abc"',
        "bool": '"maybe"',
        "date": '"not a date"',
        "datetime": '"2026-12-01T08:00:00"',
        "uuid": '"not-a-uuid"',
        "enum": '"not_one_of_the_choices"',
    }.get(kind)
    if bad is None:
        return []
    return [(name, bad) for name in field.query_names()]


def same(field: FieldSpec, left: str, right: str) -> str:
    """An expression that is true when two JSON values of the field mean the same."""
    if field.kind == "decimal":
        return f"Decimal({left}) == Decimal({right})"
    if field.kind == "datetime":
        return f"datetime.fromisoformat({left}) == datetime.fromisoformat({right})"
    return f"{left} == {right}"
