"""Gamma's response bodies."""

from __future__ import annotations

import uuid

from pydantic import BaseModel


class Greeting(BaseModel):
    greeting: str


class Caller(BaseModel):
    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: str
    permissions: list[str]


class RequestFacts(BaseModel):
    request_id: str | None
    client_address: str | None
    user_agent: str | None
