"""Beta's response bodies."""

from __future__ import annotations

import uuid

from pydantic import BaseModel


class SessionSettings(BaseModel):
    statement_timeout: str
    lock_timeout: str
    idle_in_transaction_session_timeout: str
    application_name: str
    timezone: str


class Slept(BaseModel):
    seconds: float


class Tally(BaseModel):
    note_id: uuid.UUID
    quantity: int
