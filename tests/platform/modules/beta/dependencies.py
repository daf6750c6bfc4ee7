"""Beta's request dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from tests.platform.modules.beta.constants import MAX_SLEEP_S

SleepSeconds = Annotated[float, Query(gt=0, le=MAX_SLEEP_S, description="Seconds to sleep.")]
