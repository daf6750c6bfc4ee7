"""Everything the templates need to know about a module, derived once from its name."""

from __future__ import annotations

from dataclasses import dataclass

from shopfloor.cli.scaffold.fields import FieldSpec

# Roles of the built-in role matrix (src/shopfloor/user/constants.py). Reading is open to
# every role; changing follows the master-data rule of work centers (admin, supervisor).
READ_ROLES = ("admin", "supervisor", "planner", "operator", "viewer")
MANAGE_ROLES = ("admin", "supervisor")


def pluralise(word: str) -> str:
    """English plural of the last word: plan -> plans, category -> categories, box -> boxes."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


@dataclass(frozen=True)
class Revision:
    """The module's first migration."""

    id: str
    down_revision: str | None
    filename: str
    created_at: str  # "YYYY-MM-DD HH:MM:SS", kept when the module is regenerated


@dataclass(frozen=True)
class ModuleSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    depends_on: tuple[str, ...] = ("audit",)
    plural: str = ""
    label_zh: str = ""  # the name in Traditional Chinese; empty when none was given
    revision: Revision | None = None
    read_roles: tuple[str, ...] = READ_ROLES
    manage_roles: tuple[str, ...] = MANAGE_ROLES

    def __post_init__(self) -> None:
        if not self.plural:
            words = self.name.split("_")
            object.__setattr__(self, "plural", "_".join([*words[:-1], pluralise(words[-1])]))

    # -- naming ---------------------------------------------------------------------------

    @property
    def table(self) -> str:
        return self.name

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_"))

    @property
    def plural_class_name(self) -> str:
        return "".join(part.capitalize() for part in self.plural.split("_"))

    @property
    def label(self) -> str:
        """Human singular, lower case: `inspection plan`."""
        return self.name.replace("_", " ")

    @property
    def plural_label(self) -> str:
        return self.plural.replace("_", " ")

    @property
    def tag(self) -> str:
        """The OpenAPI tag group: `Inspection Plans`."""
        return " ".join(word.capitalize() for word in self.plural.split("_"))

    @property
    def prefix(self) -> str:
        return "/" + self.plural.replace("_", "-")

    @property
    def constant_prefix(self) -> str:
        return self.name.upper()

    @property
    def env_prefix(self) -> str:
        return f"{self.name.upper()}_"

    @property
    def id_param(self) -> str:
        return f"{self.name}_id"

    @property
    def read_permission(self) -> str:
        return f"{self.name}:read"

    @property
    def manage_permission(self) -> str:
        return f"{self.name}:manage"

    # -- fields ---------------------------------------------------------------------------

    @property
    def unique_fields(self) -> list[FieldSpec]:
        return [item for item in self.fields if item.unique]

    @property
    def key_field(self) -> FieldSpec | None:
        """The field that names a row in audit entries: the first unique text field."""
        for item in self.fields:
            if item.unique and item.kind == "str":
                return item
        return None

    @property
    def has_csv(self) -> bool:
        """A unique `code` gives the module CSV import and export (core/master_data)."""
        return any(item.unique and item.name == "code" for item in self.fields)

    @property
    def filter_fields(self) -> list[FieldSpec]:
        return [item for item in self.fields if item.type.filter is not None]

    @property
    def sort_fields(self) -> list[FieldSpec]:
        return [item for item in self.fields if item.type.sortable]

    @property
    def enum_fields(self) -> list[FieldSpec]:
        return [item for item in self.fields if item.is_enum]

    def python_type(self, item: FieldSpec) -> str:
        if item.is_enum:
            return self.enum_class(item)
        return item.type.python_type

    def enum_class(self, item: FieldSpec) -> str:
        return f"{self.class_name}{item.camel}"

    def unique_index(self, item: FieldSpec) -> str:
        return f"uq_{self.table}_organization_id_{item.name}"

    def filter_index(self, item: FieldSpec) -> str:
        return f"ix_{self.table}_organization_id_{item.name}"

    def check_constraint(self, item: FieldSpec) -> str:
        return f"ck_{self.table}_{item.name}"

    @property
    def created_at_index(self) -> str:
        return f"ix_{self.table}_organization_id_created_at"

    def taken_code(self, item: FieldSpec) -> str:
        return f"{self.constant_prefix}_{item.name.upper()}_TAKEN"

    @property
    def not_found_code(self) -> str:
        return f"{self.constant_prefix}_NOT_FOUND"

    def identifiers(self) -> list[str]:
        """Every database name the module creates, for the 63-byte check."""
        names = [
            self.table,
            f"pk_{self.table}",
            f"fk_{self.table}_organization_id_organization",
            self.created_at_index,
        ]
        for item in self.fields:
            if item.unique:
                names.append(self.unique_index(item))
            elif item.indexed:
                names.append(self.filter_index(item))
            if item.is_enum:
                names.append(self.check_constraint(item))
        return names
