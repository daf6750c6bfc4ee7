"""Alpha's repository: the note aggregate's statements."""

from __future__ import annotations

from sqlalchemy import Select

from shopfloor.core.repository import ScopedRepository
from tests.platform.modules.alpha.models import PlatformNote


class NoteRepository(ScopedRepository[PlatformNote]):
    model = PlatformNote

    def ordered_by_code(self) -> Select[PlatformNote]:
        return self.base_statement().order_by(PlatformNote.code, PlatformNote.id)
