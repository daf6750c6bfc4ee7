"""Alpha's errors."""

from __future__ import annotations

from shopfloor.core.errors import ConflictError, NotFoundError


class NoteNotFoundError(NotFoundError):
    code = "ALPHA_NOTE_NOT_FOUND"


class NoteRefusedError(ConflictError):
    code = "ALPHA_NOTE_REFUSED"
