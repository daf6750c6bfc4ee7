"""The routes of a master-data resource, built from its declaration.

    router = master_data_router(service.customers, CustomerCreate, CustomerUpdate, dependencies)

where `dependencies` is the module's own (`Reader` and `Manager`, the permission checks, and
`Filters`, the list's query model), gives `GET ""` (list), `POST ""` (create),
`GET /{customer_id}`, `PATCH /{customer_id}` and either `POST /{customer_id}/deactivate` and
`/activate` or `DELETE /{customer_id}`, each with its permission, the standard envelope, the
ETag of the row and its documented errors. A resource with a code also gets `POST /import`
and a `text/csv` answer of the list (`csv_routes.py`).
Route names (for `url_for` and the OpenAPI operation ids) are `list_customers`,
`create_customer`, `read_customer`, ...

Handlers declare the principal first: FastAPI resolves dependencies in order, so a caller
without credentials gets 401 before any 428 or 422 about the request itself.
"""

import functools
import inspect
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, Path, Request, Response, status
from pydantic import BaseModel

from shopfloor.core.concurrency import IfMatchVersion, set_etag
from shopfloor.core.context import CurrentRequestContext, RequestContext
from shopfloor.core.database import DbSession
from shopfloor.core.envelope import Envelope, ListEnvelope
from shopfloor.core.errors import PermissionDeniedError, error_responses
from shopfloor.core.headers import ETAG, LOCATION, answer_headers
from shopfloor.core.master_data import csv_routes
from shopfloor.core.master_data.errors import ExportTooManyRowsError
from shopfloor.core.master_data.schemas import ImportSummaryRead
from shopfloor.core.master_data.service import Actor, MasterData
from shopfloor.core.pagination import Pagination
from shopfloor.core.security import Principal

Handler = Callable[..., Awaitable[Any]]
# The name every handler here gives the path's id; each route renames it for its resource.
RECORD_ID = "record_id"


class Lifecycle(Enum):
    """How a row leaves use: deactivated (and activated again), or soft-deleted."""

    ACTIVATION = "activation"
    DELETION = "deletion"


@dataclass(frozen=True)
class ResourceNames:
    """How routes, summaries and the path's id name the resource."""

    singular: str  # snake_case: "work_center"
    plural: str  # "work_centers"

    @property
    def label(self) -> str:
        return self.singular.replace("_", " ")

    @property
    def plural_label(self) -> str:
        return self.plural.replace("_", " ")

    @property
    def article(self) -> str:
        return "an" if self.label[:1] in "aeiou" else "a"

    @property
    def id_param(self) -> str:
        return f"{self.singular}_id"


def _actor(principal: Principal, context: RequestContext) -> Actor:
    return Actor(id=principal.user_id, role=principal.role, context=context)


def _endpoint(handler: Handler, id_param: str, **annotations: object) -> Handler:
    """`handler` as FastAPI should see it: the id named for the resource, types filled in.

    FastAPI reads a handler's parameters from its signature, so the signature carries the
    resource's own path parameter name (it appears in 422 details) and its models.
    """
    signature = inspect.signature(handler)
    parameters = [
        parameter.replace(
            name=id_param if parameter.name == RECORD_ID else parameter.name,
            annotation=annotations.get(parameter.name, parameter.annotation),
        )
        for parameter in signature.parameters.values()
    ]

    @functools.wraps(handler)
    async def endpoint(**values: Any) -> Any:
        if id_param in values:
            values[RECORD_ID] = values.pop(id_param)
        return await handler(**values)

    endpoint.__dict__["__signature__"] = signature.replace(parameters=parameters)
    return endpoint


class Access(Protocol):
    """The request dependencies of a master-data module (its `dependencies` module)."""

    @property
    def Reader(self) -> object: ...  # noqa: N802 (a type alias in the module)

    @property
    def Manager(self) -> object: ...  # noqa: N802

    @property
    def Filters(self) -> object: ...  # noqa: N802


def master_data_router(
    resource: MasterData[Any, Any],
    create: type[BaseModel],
    update: type[BaseModel],
    access: Access,
    descriptions: Mapping[str, str] | None = None,
    *,
    lifecycle: Lifecycle = Lifecycle.ACTIVATION,
    plural: str | None = None,
    csv_columns: Sequence[str] = (),
) -> APIRouter:
    """The resource's routes; `access` says who may read, who may manage, and the filters.

    `descriptions` replace the default text of a route in /docs, by verb (`update`,
    `deactivate`, ...); `plural` is needed where adding "s" to the name is wrong;
    `csv_columns` orders the columns of its CSV files (by default the create body's).
    """
    names = ResourceNames(resource.resource_type, plural or f"{resource.resource_type}s")
    reader, manager, filters = access.Reader, access.Manager, access.Filters
    envelope, list_envelope = _envelopes(resource.read_model)
    label = names.label
    columns = csv_routes.CsvColumns.of(resource, create, csv_columns)
    docs = _descriptions(names, lifecycle, bool(resource.taken), descriptions or {})
    if columns is not None:
        docs["list"] += csv_routes.LIST_CSV_NOTE
    not_found, taken = resource.errors.not_found, tuple(resource.taken.values())
    record_id = Annotated[uuid.UUID, Path(description=f"The {label}'s id.")]
    router = APIRouter()

    def route(
        method: str,
        path: str,
        verb: str,
        handler: Handler,
        *,
        principal: object = manager,
        types: Mapping[str, object] | None = None,
        **options: Any,
    ) -> None:
        many = verb in ("list", "import")
        name = f"{verb}_{names.plural if many else names.singular}"
        if many:
            summary = f"{verb.capitalize()} {names.plural_label}"
        else:
            summary = f"{verb.capitalize()} {names.article} {label}"
        annotations = {"principal": principal, RECORD_ID: record_id, **(types or {})}
        router.add_api_route(
            path,
            _endpoint(handler, names.id_param, **annotations),
            methods=[method],
            name=name,
            summary=summary,
            description=docs[verb],
            response_model=options.pop("response_model", envelope),
            **options,
        )

    async def current_record(
        record_id: uuid.UUID, principal: Principal, db_session: DbSession
    ) -> Any:
        """The row in the path, readable by the caller (404 otherwise)."""
        return await resource.get(
            db_session=db_session, organization_id=principal.organization_id, id=record_id
        )

    current = Annotated[
        Any,
        Depends(_endpoint(current_record, names.id_param, principal=reader, record_id=record_id)),
    ]

    async def list_records(
        principal: Principal,
        db_session: DbSession,
        pagination: Pagination,
        filters: BaseModel,
        request: Request,
    ) -> Any:
        if columns is not None and csv_routes.wants_csv(request):
            return await csv_routes.export_answer(
                resource,
                columns,
                principal=principal,
                db_session=db_session,
                filters=filters,
                request=request,
                filename=names.plural.replace("_", "-"),
            )
        page = await resource.list(
            db_session=db_session,
            organization_id=principal.organization_id,
            filters=filters,
            params=pagination,
        )
        return ListEnvelope(data=list(page.items), pagination=page.meta())

    async def create_record(
        principal: Principal,
        data: BaseModel,
        db_session: DbSession,
        context: CurrentRequestContext,
        request: Request,
        response: Response,
    ) -> Any:
        created = await resource.create(
            db_session=db_session,
            organization_id=principal.organization_id,
            data=data,
            actor=_actor(principal, context),
        )
        location = request.url_for(f"read_{names.singular}", **{names.id_param: str(created.id)})
        response.headers["Location"] = str(location)
        set_etag(response, created.version)
        return Envelope(data=created)

    async def read_record(current: Any, response: Response) -> Any:
        set_etag(response, current.version)
        return Envelope(data=current)

    async def update_record(
        principal: Principal,
        record_id: uuid.UUID,
        data: BaseModel,
        expected_version: IfMatchVersion,
        db_session: DbSession,
        context: CurrentRequestContext,
        response: Response,
    ) -> Any:
        updated = await resource.update(
            db_session=db_session,
            organization_id=principal.organization_id,
            id=record_id,
            data=data,
            expected_version=expected_version,
            actor=_actor(principal, context),
        )
        set_etag(response, updated.version)
        return Envelope(data=updated)

    def activation(active: bool) -> Handler:
        async def set_active(
            principal: Principal,
            record_id: uuid.UUID,
            expected_version: IfMatchVersion,
            db_session: DbSession,
            context: CurrentRequestContext,
            response: Response,
        ) -> Any:
            changed = await resource.set_active(
                db_session=db_session,
                organization_id=principal.organization_id,
                id=record_id,
                active=active,
                expected_version=expected_version,
                actor=_actor(principal, context),
            )
            set_etag(response, changed.version)
            return Envelope(data=changed)

        return set_active

    async def delete_record(
        principal: Principal,
        record_id: uuid.UUID,
        expected_version: IfMatchVersion,
        db_session: DbSession,
        context: CurrentRequestContext,
    ) -> Any:
        deleted = await resource.delete(
            db_session=db_session,
            organization_id=principal.organization_id,
            id=record_id,
            expected_version=expected_version,
            actor=_actor(principal, context),
        )
        return Envelope(data=deleted)

    item = "/{" + names.id_param + "}"
    write_errors = error_responses(PermissionDeniedError, not_found)
    route(
        "GET",
        "",
        "list",
        list_records,
        principal=reader,
        types={"filters": filters},
        response_model=list_envelope,
        responses=error_responses(PermissionDeniedError)
        if columns is None
        else csv_routes.export_responses(columns)
        | error_responses(PermissionDeniedError, ExportTooManyRowsError),
    )
    if columns is not None:
        route(
            "POST",
            "/import",
            "import",
            csv_routes.import_handler(resource, columns),
            response_model=Envelope[ImportSummaryRead],
            openapi_extra=csv_routes.import_body(columns),
            responses=csv_routes.import_errors(taken),
        )
    route(
        "POST",
        "",
        "create",
        create_record,
        types={"data": create},
        status_code=status.HTTP_201_CREATED,
        responses=answer_headers(201, ETAG, LOCATION)
        | error_responses(PermissionDeniedError, *taken),
    )
    route(
        "GET",
        item,
        "read",
        read_record,
        principal=reader,
        types={"current": current},
        responses=answer_headers(200, ETAG) | error_responses(PermissionDeniedError, not_found),
    )
    route(
        "PATCH",
        item,
        "update",
        update_record,
        types={"data": update},
        responses=answer_headers(200, ETAG)
        | error_responses(PermissionDeniedError, not_found, *taken),
    )
    if lifecycle is Lifecycle.ACTIVATION:
        # Both answer the row with its new ETag; a soft delete answers the row as it was.
        changed = answer_headers(200, ETAG) | write_errors
        route("POST", f"{item}/deactivate", "deactivate", activation(False), responses=changed)
        route("POST", f"{item}/activate", "activate", activation(True), responses=changed)
    else:
        route("DELETE", item, "delete", delete_record, responses=write_errors)
    return router


def _envelopes(read_model: type[BaseModel]) -> tuple[object, object]:
    """The response models of one row and of a page, for a read model known at runtime."""
    single: Any = Envelope
    page: Any = ListEnvelope
    return single[read_model], page[read_model]


def _descriptions(
    names: ResourceNames, lifecycle: Lifecycle, unique: bool, given: Mapping[str, str]
) -> dict[str, str]:
    label = names.label
    if_match = (
        "Requires `If-Match` with the version from the last read: 428 without it, 412 (with the\n"
        f"current version) when someone changed the {label} since."
    )
    if lifecycle is Lifecycle.ACTIVATION:
        created = f"A new, active {label}. The code must be unused in the organisation (409)."
    elif unique:
        created = (
            f"A new {label} in the caller's organisation.\n\n"
            "Unique values must be unused among the organisation's live rows (409)."
        )
    else:
        created = f"A new {label} in the caller's organisation."
    docs = {
        "list": f"The caller's organisation's {names.plural_label}, one page at a time.",
        "import": csv_routes.import_description(names.plural_label),
        "create": created,
        "read": f"The {label} with its version in the ETag header.",
        "update": "Change the fields sent; `null` clears an optional field.",
        "deactivate": "Already inactive: no change.",
        "activate": "Already active: no change.",
        "delete": (
            f"Soft-delete the {label}.\n\nIt disappears from every read; the row and its audit "
            "history stay. Requires `If-Match`\nlike an update. The answer is the row as deleted."
        ),
        **given,
    }
    docs["update"] = f"{docs['update']}\n\n{if_match}"
    return docs
