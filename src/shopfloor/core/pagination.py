"""Page parameters and the page object repositories return."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from shopfloor.core.envelope import PaginationMeta

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class PageParams(BaseModel):
    """`page` and `page_size`, from the query string (`Pagination`) or built in code."""

    model_config = ConfigDict(frozen=True)

    page: int = Field(default=1, ge=1, le=1_000_000, description="1-based page number.")
    page_size: int = Field(
        default=DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Rows per page (1-{MAX_PAGE_SIZE}).",
    )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.page_size) if self.total else 0

    def meta(self) -> PaginationMeta:
        return PaginationMeta(
            total=self.total, page=self.page, page_size=self.page_size, pages=self.pages
        )


# FastAPI's query parameter model: both parameters validated together, documented as two.
Pagination = Annotated[PageParams, Query()]


def paginated(page: Page[T], items: Sequence[object] | None = None) -> dict[str, object]:
    """The list envelope for a page; `items` replaces the page's rows when already converted."""
    return {
        "success": True,
        "data": list(page.items if items is None else items),
        "pagination": page.meta(),
        "message": None,
    }
