"""The token codec refuses each attack for the intended reason, and is the only jose user."""

from __future__ import annotations

import ast
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from shopfloor.auth import tokens
from shopfloor.auth.config import AuthSettings
from shopfloor.auth.tokens import VERIFIED_CACHE_SIZE, TokenCodec, TokenError
from tests.auth import forge

SOURCE_ROOT = Path(__file__).resolve().parents[2] / "src" / "shopfloor"
USER = uuid.UUID("01a2120d-cfb5-7e61-8a90-92258d6a4710")
ORG = uuid.UUID("01a2120d-cf86-7c59-8503-fed99b326182")


@pytest.fixture(scope="module")
def codec() -> TokenCodec:
    return TokenCodec(AuthSettings())  # type: ignore[call-arg]


def claims(**changes: Any) -> dict[str, Any]:
    values = forge.access_claims(user_id=USER, organization_id=ORG)
    values.update(changes)
    return values


def reason(codec: TokenCodec, token: str) -> str:
    with pytest.raises(TokenError) as caught:
        codec.read_access(token)
    return caught.value.reason


def test_issued_tokens_round_trip(codec: TokenCodec) -> None:
    issued = codec.issue_access(user_id=USER, organization_id=ORG, role="planner", token_version=3)
    read = codec.read_access(issued.token)
    assert (read.user_id, read.organization_id, read.role, read.token_version) == (
        USER,
        ORG,
        "planner",
        3,
    )
    assert read.jti == issued.jti
    refresh = codec.issue_refresh(user_id=USER, organization_id=ORG)
    assert codec.read_refresh(refresh.token).jti == refresh.jti


def test_issued_tokens_carry_the_expected_header_and_lifetimes(codec: TokenCodec) -> None:
    issued = codec.issue_access(user_id=USER, organization_id=ORG, role="viewer", token_version=0)
    header = forge.decode_segment(issued.token.split(".")[0])
    assert header == {"alg": "HS256", "typ": "JWT"}
    payload = forge.decode_segment(issued.token.split(".")[1])
    assert payload["exp"] - payload["iat"] == 15 * 60
    assert payload["typ"] == "access"
    assert {"sub", "org", "role", "ver", "jti", "iss", "aud"} <= set(payload)
    refresh = forge.decode_segment(
        codec.issue_refresh(user_id=USER, organization_id=ORG).token.split(".")[1]
    )
    assert refresh["exp"] - refresh["iat"] == 14 * 86_400
    assert refresh["typ"] == "refresh"
    assert "role" not in refresh


@pytest.mark.parametrize("alg", ["none", "None"])
def test_alg_none_is_refused_before_the_library(codec: TokenCodec, alg: str) -> None:
    token = forge.unsigned_token(claims(), alg=alg) + "c2ln"
    assert reason(codec, token) == "alg missing or none"


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
def test_other_algorithms_are_refused_by_the_header_check(codec: TokenCodec, alg: str) -> None:
    assert "is not allowed" in reason(codec, forge.hmac_token(claims(), alg=alg))


def test_rs256_is_refused_by_the_header_check(codec: TokenCodec) -> None:
    token = forge.rs256_token(claims(), forge.rsa_key())
    assert reason(codec, token) == "alg 'RS256' is not allowed"


def test_length_is_checked_before_anything_else(codec: TokenCodec) -> None:
    assert reason(codec, "x" * 60_000) == "token longer than the configured maximum"


def test_an_oversized_header_is_refused(codec: TokenCodec) -> None:
    token = forge.hmac_token(claims(), header={"alg": "HS256", "kid": "k" * 300})
    assert reason(codec, token) == "header too large"


def test_future_iat_is_refused_by_our_check(codec: TokenCodec) -> None:
    # The library only checks that iat is an integer.
    token = forge.hmac_token(claims(iat=int(time.time()) + 3600))
    assert reason(codec, token) == "iat lies in the future"


def test_iat_within_the_leeway_is_accepted(codec: TokenCodec) -> None:
    token = forge.hmac_token(claims(iat=int(time.time()) + 2))
    assert codec.read_access(token).user_id == USER


def test_numeric_strings_are_not_dates(codec: TokenCodec) -> None:
    token = forge.hmac_token(claims(exp=str(int(time.time()) + 600)))
    assert reason(codec, token) == "exp claim is not a number"


def test_a_wrong_key_is_refused_by_the_library(codec: TokenCodec) -> None:
    token = forge.hmac_token(claims(), key="z" * 40)
    assert reason(codec, token) == "rejected by the JWT library: JWTError"


def test_expiry_is_refused(codec: TokenCodec) -> None:
    token = forge.hmac_token(claims(exp=int(time.time()) - 3600))
    assert reason(codec, token) == "rejected by the JWT library: ExpiredSignatureError"


def test_a_refresh_token_is_not_read_as_access(codec: TokenCodec) -> None:
    refresh = codec.issue_refresh(user_id=USER, organization_id=ORG)
    assert reason(codec, refresh.token) == "typ claim is not 'access'"


# -- remembered access tokens -----------------------------------------------------------------


@pytest.fixture
def fresh_codec() -> TokenCodec:
    return TokenCodec(AuthSettings())  # type: ignore[call-arg]


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now


def test_a_remembered_token_reads_the_same(fresh_codec: TokenCodec) -> None:
    issued = fresh_codec.issue_access(
        user_id=USER, organization_id=ORG, role="planner", token_version=2
    )

    first = fresh_codec.read_access(issued.token)
    second = fresh_codec.read_access(issued.token)

    assert second == first
    assert (second.user_id, second.role, second.token_version) == (USER, "planner", 2)
    assert fresh_codec.remembered_access_tokens == 1


def test_a_remembered_token_still_expires_on_time(
    fresh_codec: TokenCodec, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(tokens, "time", clock)
    leeway = fresh_codec.leeway_s
    token = forge.hmac_token(claims(exp=int(clock.now) + 60))
    assert fresh_codec.read_access(token).user_id == USER

    clock.now += 60 + leeway - 1
    assert fresh_codec.read_access(token).user_id == USER
    clock.now += 2
    assert reason(fresh_codec, token) == "expired"
    assert fresh_codec.remembered_access_tokens == 0


def test_refused_tokens_are_not_remembered(fresh_codec: TokenCodec) -> None:
    refused = [
        forge.hmac_token(claims(), key="z" * 40),
        forge.hmac_token(claims(exp=int(time.time()) - 3600)),
        forge.hmac_token(claims(iat=int(time.time()) + 3600)),
        fresh_codec.issue_refresh(user_id=USER, organization_id=ORG).token,
    ]
    for token in refused:
        for _ in range(2):
            with pytest.raises(TokenError):
                fresh_codec.read_access(token)

    assert fresh_codec.remembered_access_tokens == 0


def test_a_remembered_token_with_another_signature_is_refused(fresh_codec: TokenCodec) -> None:
    token = fresh_codec.issue_access(
        user_id=USER, organization_id=ORG, role="viewer", token_version=0
    ).token
    fresh_codec.read_access(token)
    head, payload, signature = token.split(".")

    assert "rejected by the JWT library" in reason(
        fresh_codec, f"{head}.{payload}.{forge.tamper(signature)}"
    )


def test_a_remembered_access_token_is_not_a_refresh_token(fresh_codec: TokenCodec) -> None:
    token = fresh_codec.issue_access(
        user_id=USER, organization_id=ORG, role="viewer", token_version=0
    ).token
    fresh_codec.read_access(token)

    with pytest.raises(TokenError) as caught:
        fresh_codec.read_refresh(token)
    assert caught.value.reason == "typ claim is not 'refresh'"


def test_the_remembered_tokens_are_bounded(fresh_codec: TokenCodec) -> None:
    first = fresh_codec.issue_access(
        user_id=USER, organization_id=ORG, role="viewer", token_version=0
    ).token
    fresh_codec.read_access(first)
    for _ in range(VERIFIED_CACHE_SIZE + 5):
        fresh_codec.read_access(forge.hmac_token(claims()))

    assert fresh_codec.remembered_access_tokens == VERIFIED_CACHE_SIZE
    # The oldest was forgotten, and is simply verified again.
    assert fresh_codec.read_access(first).user_id == USER


@pytest.mark.parametrize(
    "garbage",
    ["", ".", "..", "a.b", "a.b.c.d", "!!!.e30.e30", "e30.!!!.e30", "\x00.\x00.\x00", "工.單.號"],
)
def test_garbage_never_raises_anything_but_token_error(codec: TokenCodec, garbage: str) -> None:
    with pytest.raises(TokenError):
        codec.read_access(garbage)
    with pytest.raises(TokenError):
        codec.read_refresh(garbage)


def _imports_jose(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name == "jose" or alias.name.startswith("jose.") for alias in node.names
        ):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module is not None
            and (node.module == "jose" or node.module.startswith("jose."))
        ):
            return True
    return False


def test_only_the_token_module_imports_jose() -> None:
    importers = sorted(
        str(path.relative_to(SOURCE_ROOT))
        for path in SOURCE_ROOT.rglob("*.py")
        if _imports_jose(path)
    )
    assert importers == ["auth/tokens.py"]


def test_the_import_check_recognises_every_import_form(tmp_path: Path) -> None:
    forms = [
        "import jose",
        "import jose.jwt as j",
        "from jose import jwt",
        "from jose.jws import x",
    ]
    for number, form in enumerate(forms):
        path = tmp_path / f"m{number}.py"
        path.write_text(form + "\n", encoding="utf-8")
        assert _imports_jose(path), form
    clean = tmp_path / "clean.py"
    clean.write_text("import josefine\nfrom .jose import x\n", encoding="utf-8")
    assert not _imports_jose(clean)
