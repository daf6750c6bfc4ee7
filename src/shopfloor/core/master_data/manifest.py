"""The manifest of a master-data module, from its constants and settings.

    manifest = master_data_manifest(constants, CustomerSettings, description="...")

The name is the module's `RESOURCE_TYPE`; the prefix, router, models and `/docs` tag follow
from it (`customer` -> `/customers`, "Customers"). Master data records every change in the
audit log and needs an authenticated caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from pydantic_settings import BaseSettings

from shopfloor.core.i18n import Catalogue
from shopfloor.core.master_data.messages import IMPORT_FIELD_MESSAGES, IMPORT_MESSAGES
from shopfloor.core.registry import ModuleManifest
from shopfloor.core.security import AUTHENTICATION


class MasterDataConstants(Protocol):
    """The module-level names of a master-data module's `constants.py`."""

    @property
    def RESOURCE_TYPE(self) -> str: ...  # noqa: N802 (a module constant)

    @property
    def MESSAGES(self) -> Catalogue: ...  # noqa: N802

    @property
    def CONSTRAINT_ERRORS(self) -> Mapping[str, str]: ...  # noqa: N802


def master_data_manifest(
    constants: MasterDataConstants,
    settings_class: type[BaseSettings],
    *,
    description: str,
    plural: str | None = None,
) -> ModuleManifest:
    name = constants.RESOURCE_TYPE
    plural = plural or f"{name}s"
    return ModuleManifest(
        name=name,
        tag=plural.replace("_", " ").title(),
        description=description,
        prefix="/" + plural.replace("_", "-"),
        router=f"shopfloor.{name}.router:router",
        models=f"shopfloor.{name}.models",
        depends_on=("audit",),
        requires=(AUTHENTICATION,),
        settings_class=settings_class,
        # The CSV import's answers too (the same texts in every module, merged once).
        messages={**constants.MESSAGES, **IMPORT_MESSAGES},
        field_messages=IMPORT_FIELD_MESSAGES,
        constraint_errors=constants.CONSTRAINT_ERRORS,
    )
