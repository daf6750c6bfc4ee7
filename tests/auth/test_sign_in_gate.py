"""Sign-ins in progress are bounded per process; a burst still succeeds, in turn."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from shopfloor.auth.gate import SignInGate
from tests.support.identity import MakeUser, login


@pytest.mark.parametrize("limit", [1, 3])
async def test_the_gate_admits_at_most_its_limit(limit: int) -> None:
    gate = SignInGate(limit)
    running = 0
    most_at_once = 0

    async def sign_in() -> None:
        nonlocal running, most_at_once
        async with gate.slot():
            running += 1
            most_at_once = max(most_at_once, running)
            await asyncio.sleep(0.01)
            running -= 1

    await asyncio.gather(*(sign_in() for _ in range(8)))
    assert most_at_once == limit
    assert running == 0


async def test_a_burst_of_sign_ins_all_succeed(
    live_client: httpx.AsyncClient, live_make_user: MakeUser
) -> None:
    users = [await live_make_user(role="operator") for _ in range(10)]
    responses = await asyncio.gather(
        *(login(live_client, user.email, user.password) for user in users),
        live_client.get("/health/ready"),
    )
    assert [response.status_code for response in responses] == [200] * 11
