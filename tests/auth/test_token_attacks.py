"""Every forged, altered, misused or stale token is refused with 401 and WWW-Authenticate."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from shopfloor.user.models import UserAccount
from tests.auth import forge
from tests.support.identity import (
    MakeUser,
    TestUser,
    bearer,
    create_organization,
    token_pair,
)

ME = "/api/v1/users/me"


def assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] in {"INVALID_TOKEN", "AUTHENTICATION_REQUIRED"}


@pytest.fixture
async def operator(make_user: MakeUser) -> TestUser:
    return await make_user(role="operator")


def claims_of(user: TestUser, **changes: Any) -> dict[str, Any]:
    claims = forge.access_claims(
        user_id=user.id, organization_id=user.organization_id, role=user.role
    )
    for name, value in changes.items():
        if value is forge:  # the module itself marks "remove this claim"
            claims.pop(name, None)
        else:
            claims[name] = value
    return claims


async def test_a_correctly_forged_token_is_accepted(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    """The baseline: the hand-made tokens below differ from a valid one only in the attack."""
    response = await client.get(ME, headers=bearer(forge.hmac_token(claims_of(operator))))
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(operator.id)


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
async def test_alg_none_is_refused(client: httpx.AsyncClient, operator: TestUser, alg: str) -> None:
    token = forge.unsigned_token(claims_of(operator), alg=alg)
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_alg_none_with_a_signature_is_refused(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    token = forge.hmac_token(claims_of(operator), header={"alg": "none", "typ": "JWT"})
    assert_refused(await client.get(ME, headers=bearer(token)))


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
async def test_other_hmac_sizes_are_refused_even_with_the_right_key(
    client: httpx.AsyncClient, operator: TestUser, alg: str
) -> None:
    token = forge.hmac_token(claims_of(operator), alg=alg)
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_an_rs256_token_is_refused(client: httpx.AsyncClient, operator: TestUser) -> None:
    token = forge.rs256_token(claims_of(operator), forge.rsa_key())
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_a_token_hmac_signed_with_a_public_key_is_refused(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    public_key = forge.public_pem(forge.rsa_key())
    for alg in ("HS256", "HS384"):
        token = forge.hmac_token(claims_of(operator), key=public_key, alg=alg)
        assert_refused(await client.get(ME, headers=bearer(token)))


async def test_a_token_signed_with_another_secret_is_refused(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    token = forge.hmac_token(claims_of(operator), key="another-secret-" + "x" * 40)
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_a_tampered_signature_is_refused(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    head, payload, signature = operator.token.split(".")
    token = f"{head}.{payload}.{forge.tamper(signature)}"
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_a_tampered_payload_is_refused(client: httpx.AsyncClient, operator: TestUser) -> None:
    head, _, signature = operator.token.split(".")
    promoted = forge.segment(claims_of(operator, role="admin"))
    assert_refused(await client.get(ME, headers=bearer(f"{head}.{promoted}.{signature}")))


def _now() -> int:
    return int(time.time())


TIME_ATTACKS: dict[str, Callable[[], dict[str, Any]]] = {
    "expired": lambda: {"exp": _now() - 3600, "iat": _now() - 7200},
    "nbf in the future": lambda: {"nbf": _now() + 3600},
    "iat in the future": lambda: {"iat": _now() + 3600},
    "exp as a numeric string": lambda: {"exp": str(_now() + 600)},
    "iat as a string": lambda: {"iat": "yesterday"},
    "exp as a boolean": lambda: {"exp": True},
    "exp as an object": lambda: {"exp": {"at": _now()}},
    "nbf as a list": lambda: {"nbf": [1]},
    "exp too large": lambda: {"exp": 1e400},
}


@pytest.mark.parametrize("case", sorted(TIME_ATTACKS))
async def test_bad_time_claims_are_refused(
    client: httpx.AsyncClient, operator: TestUser, case: str
) -> None:
    token = forge.hmac_token(claims_of(operator, **TIME_ATTACKS[case]()))
    assert_refused(await client.get(ME, headers=bearer(token)))


@pytest.mark.parametrize("claim", ["exp", "sub", "iat", "typ", "jti", "iss", "aud", "org", "ver"])
async def test_a_missing_claim_is_refused(
    client: httpx.AsyncClient, operator: TestUser, claim: str
) -> None:
    token = forge.hmac_token(claims_of(operator, **{claim: forge}))
    assert_refused(await client.get(ME, headers=bearer(token)))


CLAIM_ATTACKS: dict[str, dict[str, Any]] = {
    "wrong issuer": {"iss": "someone-else"},
    "wrong audience": {"aud": "another-api"},
    "audience list without ours": {"aud": ["another-api"]},
    "typ refresh": {"typ": "refresh"},
    "typ unknown": {"typ": "id"},
    "sub not a uuid": {"sub": "admin"},
    "sub a number": {"sub": 42},
    "org not a uuid": {"org": "acme"},
    "ver a string": {"ver": "0"},
    "ver negative": {"ver": -1},
    "jti too short": {"jti": "x"},
    "jti a number": {"jti": 12345678901234567890},
    "role empty": {"role": ""},
    "unknown user": {"sub": str(uuid.uuid4())},
}


@pytest.mark.parametrize("case", sorted(CLAIM_ATTACKS))
async def test_bad_claims_are_refused(
    client: httpx.AsyncClient, operator: TestUser, case: str
) -> None:
    token = forge.hmac_token(claims_of(operator, **CLAIM_ATTACKS[case]))
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_a_token_claiming_another_organisation_is_refused(
    client: httpx.AsyncClient, operator: TestUser, db_session: AsyncSession
) -> None:
    other = await create_organization(db_session)
    token = forge.hmac_token(claims_of(operator, org=str(other)))
    assert_refused(await client.get(ME, headers=bearer(token)))


HEADER_ATTACKS: dict[str, str] = {
    "not base64": "%%%.e30.c2ln",
    "header not json": f"{forge.b64(b'not json')}.e30.c2ln",
    "header a json array": f"{forge.segment(['HS256'])}.e30.c2ln",
    "header without alg": f"{forge.segment({'typ': 'JWT'})}.e30.c2ln",
    "alg not a string": f"{forge.segment({'alg': 256})}.e30.c2ln",
    "two segments": "e30.e30",
    "four segments": "e30.e30.e30.e30",
    "empty segments": "..",
    "non-ascii": "ä.ö.ü",
    "deeply nested header": f"{forge.b64(b'[' * 150)}.e30.c2ln",
    "oversized header": f"{forge.segment({'alg': 'HS256', 'kid': 'k' * 400})}.e30.c2ln",
}


@pytest.mark.parametrize("case", sorted(HEADER_ATTACKS))
async def test_garbage_tokens_are_refused(client: httpx.AsyncClient, case: str) -> None:
    # Sent as bytes: HTTP header values are latin-1, and clients refuse to encode the rest.
    value = b"Bearer " + HEADER_ATTACKS[case].encode("latin-1")
    assert_refused(await client.get(ME, headers={"Authorization": value}))


async def test_a_critical_header_extension_is_refused(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    header = {"alg": "HS256", "typ": "JWT", "crit": ["exp"]}
    token = forge.hmac_token(claims_of(operator), header=header)
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_an_oversized_signed_header_is_refused(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    header = {"alg": "HS256", "typ": "JWT", "kid": "k" * 400}
    token = forge.hmac_token(claims_of(operator), header=header)
    assert_refused(await client.get(ME, headers=bearer(token)))


async def test_a_60_kb_authorization_header_is_refused(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    huge = operator.token + "A" * 60_000
    assert_refused(await client.get(ME, headers=bearer(huge)))
    assert_refused(await client.get(ME, headers={"Authorization": "Bearer " + "x" * 60_000}))


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "bearer", "Bearer a b"],
)
async def test_missing_or_malformed_authorization_is_refused(
    client: httpx.AsyncClient, header: str
) -> None:
    headers = {"Authorization": header} if header else {}
    assert_refused(await client.get(ME, headers=headers))


async def test_no_authorization_header_is_refused(client: httpx.AsyncClient) -> None:
    assert_refused(await client.get(ME))


async def test_a_refresh_token_is_not_an_access_token(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    pair = await token_pair(client, operator.email, operator.password)
    assert_refused(await client.get(ME, headers=bearer(pair["refresh_token"])))


async def test_an_access_token_is_not_a_refresh_token(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    pair = await token_pair(client, operator.email, operator.password)
    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": pair["access_token"]}
    )
    assert_refused(response)
    response = await client.post(
        "/api/v1/auth/logout", json={"refresh_token": pair["access_token"]}
    )
    assert_refused(response)


async def test_the_token_of_a_deleted_user_is_refused(
    client: httpx.AsyncClient, admin: TestUser, operator: TestUser
) -> None:
    assert (await client.get(ME, headers=operator.headers)).status_code == 200
    deleted = await client.delete(f"/api/v1/users/{operator.id}", headers=admin.headers)
    assert deleted.status_code == 200
    assert_refused(await client.get(ME, headers=operator.headers))


async def test_the_token_of_an_inactive_user_is_refused(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    inactive = await make_user(role="supervisor", is_active=False)
    assert_refused(await client.get(ME, headers=inactive.headers))


async def test_a_token_of_an_older_version_is_refused(
    client: httpx.AsyncClient, operator: TestUser, db_session: AsyncSession
) -> None:
    await db_session.execute(
        update(UserAccount).where(UserAccount.id == operator.id).values(token_version=1)
    )
    assert_refused(await client.get(ME, headers=operator.headers))
    current = forge.hmac_token(claims_of(operator, ver=1))
    assert (await client.get(ME, headers=bearer(current))).status_code == 200


async def test_the_error_body_does_not_say_which_check_failed(
    client: httpx.AsyncClient, operator: TestUser
) -> None:
    expired = forge.hmac_token(claims_of(operator, exp=_now() - 3600, iat=_now() - 7200))
    wrong_key = forge.hmac_token(claims_of(operator), key="k" * 40)
    bodies = []
    for token in (expired, wrong_key, "e30.e30.e30"):
        response = await client.get(ME, headers=bearer(token))
        assert response.status_code == 401
        body = response.json()
        body.pop("request_id")
        bodies.append(body)
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["error"]["code"] == "INVALID_TOKEN"
