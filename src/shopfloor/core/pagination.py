"""Page parameters and the page object repositories return."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query

from shopfloor.core.envelope import PaginationMeta

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class PageParams:
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

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


async def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number.")] = 1,
    page_size: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page (1-{MAX_PAGE_SIZE}).")
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


Pagination = Annotated[PageParams, Depends(page_params)]


def paginated(page: Page[T], items: Sequence[object] | None = None) -> dict[str, object]:
    """The list envelope for a page; `items` replaces the page's rows when already converted."""
    return {
        "success": True,
        "data": list(page.items if items is None else items),
        "pagination": page.meta(),
        "message": None,
    }
