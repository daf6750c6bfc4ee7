"""CSV over HTTP for a master-data resource: `POST /import`, and the list as `text/csv`.

The columns are the create body's fields in their order, then `active` where rows have one
(a resource may name its own). The list answers CSV when the `Accept` header names
`text/csv` with a higher quality than `application/json`; the file has the same header
and columns the import takes, so an export imports back as a no-op.

What the cells mean on import:

- a column the file does not have leaves that field of existing rows as it is (and gives
  new rows its default); `code` and the other required fields must be there;
- an empty cell means what leaving the field out of a create means: null for optional
  fields, the default for `state` or `active` (true), and a missing required value;
- every other cell is checked by the field's own rules (the create body's), read as text
  the way a query string is (`42.5` is a number even where JSON must send one), and a
  problem is answered with the same detail code (`STRING_TOO_LONG`, `INVALID_CHARACTER`, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Final

from fastapi import Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, ValidationError, create_model
from starlette.types import Scope

from shopfloor.core.context import CurrentRequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope
from shopfloor.core.errors import (
    AppError,
    PermissionDeniedError,
    UnsupportedMediaTypeError,
    error_responses,
)
from shopfloor.core.exception_handlers import field_details
from shopfloor.core.master_data import bulk, csv_format
from shopfloor.core.master_data.errors import (
    ImportInvalidHeaderError,
    ImportInvalidRowsError,
    ImportMalformedError,
    ImportTooManyRowsError,
)
from shopfloor.core.master_data.schemas import ImportSummaryRead
from shopfloor.core.master_data.service import ACTIVE, Actor, MasterData
from shopfloor.core.security import Principal

CSV: Final = "text/csv"
JSON: Final = "application/json"
CODE: Final = "code"
# An answer lists at most this many problems; the message counts them all.
MAX_PROBLEMS: Final = 1000


@dataclass(frozen=True)
class CsvColumns:
    """The columns of a resource's files and the model each imported row is checked by."""

    names: tuple[str, ...]
    required: frozenset[str]
    row_model: type[BaseModel]

    @classmethod
    def of(
        cls, resource: MasterData[Any, Any], create: type[BaseModel], names: Sequence[str] = ()
    ) -> CsvColumns | None:
        """The create body's fields (and `active`), or `names`; None without a unique code
        (a create body with `code` and a module error saying the code is taken)."""
        if CODE not in create.model_fields or CODE not in resource.taken:
            return None
        row_model = create
        if hasattr(resource.model, ACTIVE) and ACTIVE not in create.model_fields:
            field: Any = (bool, Field(default=True, description="Empty means true."))
            row_model = create_model(f"{create.__name__}Row", __base__=create, active=field)
        fields = row_model.model_fields
        return cls(
            names=tuple(names or fields),
            required=frozenset(name for name, info in fields.items() if info.is_required()),
            row_model=row_model,
        )

    def example(self) -> str:
        """A header and one row, from the fields' documented examples."""
        schema = self.row_model.model_json_schema()["properties"]
        values = [
            (schema.get(name, {}).get("examples") or [schema.get(name, {}).get("default")])[0]
            for name in self.names
        ]
        row = dict(zip(self.names, values, strict=True))
        return "".join(csv_format.encode(self.names, [row])).removeprefix(csv_format.BOM)

    def describe(self) -> str:
        required = ", ".join(f"`{name}`" for name in self.names if name in self.required)
        return (
            "UTF-8 CSV (a byte order mark is allowed), the header first. Columns: "
            + ", ".join(f"`{name}`" for name in self.names)
            + f"; required: {required}; the others may be left out."
        )


def _quality(accept: str, media_type: str) -> float:
    for part in accept.split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        if name.lower() != media_type:
            continue
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    return float(value)
                except ValueError:
                    return 0.0
        return 1.0
    return 0.0


def wants_csv(request: Request) -> bool:
    """Whether `Accept` names text/csv above application/json (wildcards choose JSON)."""
    accept = request.headers.get("accept", "")
    return _quality(accept, CSV) > _quality(accept, JSON)


def _is_csv(content_type: str | None) -> bool:
    media, *params = (part.strip().lower() for part in (content_type or "").split(";"))
    charsets = [value for key, _, value in (p.partition("=") for p in params) if key == "charset"]
    return media == CSV and all(value.strip('"') in ("utf-8", "utf8") for value in charsets)


def _details(scope: Scope, problems: Sequence[csv_format.Problem]) -> list[dict[str, Any]]:
    """The problems as error details, each with its line and column."""
    details = field_details(scope, problems)
    for detail in details:
        loc = detail["loc"]
        detail["line"] = loc[1]
        detail["column"] = loc[2] if len(loc) > 2 else None
    return details


def validated_rows(
    scope: Scope, body: bytes, columns: CsvColumns, max_rows: int
) -> list[bulk.ImportRow]:
    """The file's rows checked by the fields' rules; any problem refuses the whole file."""
    try:
        parsed = csv_format.read(
            body, known=columns.names, required=columns.required, max_rows=max_rows
        )
    except csv_format.FileRefusedError as refused:
        raise refused.error(details=_details(scope, refused.problems)) from None
    problems = list(parsed.problems)
    given = frozenset(parsed.columns)
    first_line: dict[str, int] = {}
    rows: list[bulk.ImportRow] = []
    for row in parsed.rows:
        try:
            values = columns.row_model.model_validate_strings(row.cells).model_dump()
        except ValidationError as exc:
            problems += [
                {**error, "loc": ("body", row.line, *error["loc"])}
                for error in exc.errors(include_url=False)
            ]
            continue
        code = values[CODE]
        if code in first_line:
            problems.append(
                csv_format.problem(
                    "duplicate_code", row.line, CODE, code=code, first_line=first_line[code]
                )
            )
            continue
        first_line[code] = row.line
        rows.append(bulk.ImportRow(line=row.line, values=values, columns=given))
    if problems:
        problems.sort(key=lambda item: item["loc"][1])
        raise ImportInvalidRowsError(
            params={"count": len(problems)}, details=_details(scope, problems[:MAX_PROBLEMS])
        )
    return rows


def import_handler(resource: MasterData[Any, Any], columns: CsvColumns) -> Any:
    """The import route's handler (its principal is the module's manage permission)."""

    async def import_records(
        principal: Principal,
        db_session: DbSession,
        context: CurrentRequestContext,
        request: Request,
        dry_run: Annotated[
            bool, Query(description="true: check the file and count, but write nothing.")
        ] = False,
    ) -> Any:
        if not _is_csv(request.headers.get("content-type")):
            raise UnsupportedMediaTypeError()
        settings = request.app.state.settings
        rows = validated_rows(
            request.scope, await request.body(), columns, settings.master_data_import_max_rows
        )
        summary = await bulk.import_rows(
            resource,
            db_session=db_session,
            organization_id=principal.organization_id,
            rows=rows,
            dry_run=dry_run,
            actor=Actor(id=principal.user_id, role=principal.role, context=context),
        )
        return Envelope(data=ImportSummaryRead(**asdict(summary)))

    return import_records


async def export_answer(
    resource: MasterData[Any, Any],
    columns: CsvColumns,
    *,
    principal: Principal,
    db_session: DbSession,
    filters: BaseModel,
    request: Request,
    filename: str,
) -> StreamingResponse:
    """Every row the filters select as a CSV file (page and page_size do not apply)."""
    rows = await bulk.export_rows(
        resource,
        db_session=db_session,
        organization_id=principal.organization_id,
        filters=filters,
        limit=request.app.state.settings.master_data_export_max_rows,
    )
    lines = csv_format.encode(columns.names, (row.model_dump(mode="json") for row in rows))
    return StreamingResponse(
        lines,
        media_type=f"{CSV}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"', "Vary": "Accept"},
    )


# -- how OpenAPI describes them ---------------------------------------------------------------

LIST_CSV_NOTE: Final = (
    "\n\nWith `Accept: text/csv`: every row the filters select, in their order (page and "
    "page_size do not apply), as the CSV file the import takes. More rows than "
    "MASTER_DATA_EXPORT_MAX_ROWS: 422 `EXPORT_TOO_MANY_ROWS`."
)


def import_description(plural_label: str) -> str:
    return (
        f"Create or update {plural_label} from a CSV file, by code, in the caller's "
        "organisation.\n\nAll or nothing: one refused row refuses the file, and each problem "
        "is a detail with its `line` and `column`. A row already as in the file stays as it "
        "is (same version, no audit entry). `dry_run=true` answers the same counts and "
        "writes nothing. At most MASTER_DATA_IMPORT_MAX_ROWS rows (413 "
        "`IMPORT_TOO_MANY_ROWS`) and MAX_BODY_BYTES bytes (413 `PAYLOAD_TOO_LARGE`)."
    )


def _csv_schema(columns: CsvColumns) -> dict[str, Any]:
    # `binary`: client generators then send and return the bytes of a file as they are.
    return {"type": "string", "format": "binary", "description": columns.describe()}


def export_responses(columns: CsvColumns) -> dict[int | str, dict[str, Any]]:
    """The list's 200 also comes as a CSV file."""
    return {200: {"content": {CSV: {"schema": _csv_schema(columns), "example": columns.example()}}}}


def import_body(columns: CsvColumns) -> dict[str, Any]:
    """The import's request body, which FastAPI cannot see (the handler reads it itself)."""
    return {
        "requestBody": {
            "required": True,
            "content": {CSV: {"schema": _csv_schema(columns), "example": columns.example()}},
        }
    }


def import_errors(taken: Sequence[type[AppError]]) -> dict[int | str, dict[str, Any]]:
    return error_responses(
        PermissionDeniedError,
        UnsupportedMediaTypeError,
        ImportTooManyRowsError,
        ImportInvalidRowsError,
        ImportInvalidHeaderError,
        ImportMalformedError,
        *taken,
    )
