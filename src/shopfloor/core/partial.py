"""Partial updates: a field that may be left out (and so stays as it is) but is never null.

    class WorkOrderUpdate(BaseModel):
        quantity: Omittable[Quantity] = None   # omitted: unchanged; null: 422 NOT_NULLABLE
        note: Note | None = None               # null clears it

The `None` default only marks the field as not sent; a client that sends `null` gets the
field error `not_nullable`. The JSON schema says what the server accepts: the field's own
type, optional, without a null branch or a null default, so generated clients neither offer
null nor send it.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

T = TypeVar("T")

NULL_SCHEMA = {"type": "null"}


def reject_null(value: object) -> object:
    # Runs only for values the client sent: omitting a field keeps it, null is an error.
    if value is None:
        raise PydanticCustomError("not_nullable", "This field cannot be null.")
    return value


def drop_null(schema: dict[str, Any]) -> None:
    """The field's schema without its null branch and its null default."""
    schema.pop("default", None)
    branches = schema.get("anyOf")
    if not isinstance(branches, list):
        return
    kept = [branch for branch in branches if branch != NULL_SCHEMA]
    if len(kept) == 1:
        del schema["anyOf"]
        schema.update({key: value for key, value in kept[0].items() if key not in schema})
    else:
        schema["anyOf"] = kept


Omittable = Annotated[T | None, AfterValidator(reject_null), Field(json_schema_extra=drop_null)]
