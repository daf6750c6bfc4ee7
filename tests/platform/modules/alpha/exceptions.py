"""Alpha's errors."""

from __future__ import annotations

from shopfloor.core.envelope import DuplicateValueDetail
from shopfloor.core.errors import ConflictError, NotFoundError


class NoteNotFoundError(NotFoundError):
    code = "ALPHA_NOTE_NOT_FOUND"


class NoteCodeTakenError(ConflictError):
    """Answered by the core when the unique code constraint refuses an insert."""

    code = "ALPHA_NOTE_CODE_TAKEN"
    detail_model = DuplicateValueDetail


class NoteRefusedError(ConflictError):
    code = "ALPHA_NOTE_REFUSED"
