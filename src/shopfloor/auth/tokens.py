"""Signing and checking JWTs. The only module that imports `jose`.

python-jose is permissive in ways that matter here, so every token passes our own checks
before and after the library sees it:

- the length is capped before any parsing, and the header segment separately;
- the header is decoded by us (garbage never raises anything but `TokenError`), its `alg`
  must be exactly the configured one (so `none`, other HMAC sizes and RS256 never reach the
  library), and a `crit` header is refused;
- `exp`, `iat`, `sub`, `jti`, `iss`, `aud` and our `typ` claim are required; numeric dates
  must be numbers (the library accepts numeric strings), `iat` and `nbf` must not lie in the
  future beyond the leeway (the library does not check `iat` at all);
- any other exception from the library counts as an invalid token, never a 500.

Checking the signature and the static claims of the same access token on every request is
most of the cost of reading it, so the codec remembers the access tokens it verified (a
bounded LRU keyed by the whole token, signature included; refusals are never remembered).
A remembered token still goes through every time-dependent check (`exp`, `iat`, `nbf`, with
the leeway) on each read, so it expires exactly when it would have. Revocation never
depended on this: the account's state and token version are checked in the database on
every request.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jose import jwk, jwt
from jose.exceptions import JOSEError

from shopfloor.auth.config import AuthSettings
from shopfloor.auth.constants import ACCESS, REFRESH

MAX_HEADER_SEGMENT = 256
_HEADER_TYPE = "JWT"
_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")
_JTI_BYTES = 32
_MAX_CLAIM_TEXT = 128
# Access tokens remembered per process; ours are about 400 bytes, so this is well under 1 MiB.
VERIFIED_CACHE_SIZE = 1024


class TokenError(Exception):
    """The token is not acceptable; `reason` is for logs only, never for the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: str
    token_version: int
    jti: str


@dataclass(frozen=True, slots=True)
class RefreshClaims:
    user_id: uuid.UUID
    organization_id: uuid.UUID
    jti: str
    expires_at: int


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: int


def new_jti() -> str:
    return secrets.token_urlsafe(_JTI_BYTES)


class TokenCodec:
    def __init__(self, settings: AuthSettings) -> None:
        self.algorithm = settings.jwt_algorithm
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self.leeway_s = settings.jwt_leeway_s
        self.max_token_bytes = settings.max_token_bytes
        self.access_ttl_s = settings.access_token_ttl_s
        self.refresh_ttl_s = settings.refresh_token_ttl_s
        self._key = jwk.construct(settings.jwt_secret.get_secret_value(), self.algorithm)
        # token -> (its verified claims, what read_access made of them)
        self._verified_access: OrderedDict[str, tuple[dict[str, Any], AccessClaims]] = OrderedDict()

    # -- issuing ----------------------------------------------------------------------------

    def _sign(self, claims: Mapping[str, Any], ttl_s: int, token_type: str) -> IssuedToken:
        now = int(time.time())
        jti = new_jti()
        payload = {
            **claims,
            "iss": self.issuer,
            "aud": self.audience,
            "typ": token_type,
            "jti": jti,
            "iat": now,
            "exp": now + ttl_s,
        }
        token: str = jwt.encode(payload, self._key, algorithm=self.algorithm)
        return IssuedToken(token=token, jti=jti, expires_at=now + ttl_s)

    def issue_access(
        self,
        *,
        user_id: uuid.UUID,
        organization_id: uuid.UUID,
        role: str,
        token_version: int,
    ) -> IssuedToken:
        return self._sign(
            {
                "sub": str(user_id),
                "org": str(organization_id),
                "role": role,
                "ver": token_version,
            },
            self.access_ttl_s,
            ACCESS,
        )

    def issue_refresh(self, *, user_id: uuid.UUID, organization_id: uuid.UUID) -> IssuedToken:
        return self._sign(
            {"sub": str(user_id), "org": str(organization_id)}, self.refresh_ttl_s, REFRESH
        )

    # -- checking ---------------------------------------------------------------------------

    def read_access(self, token: str) -> AccessClaims:
        if len(token) > self.max_token_bytes:
            raise TokenError("token longer than the configured maximum")
        remembered = self._verified_access.get(token)
        if remembered is not None:
            claims, access = remembered
            try:
                self._check_claims(claims, ACCESS)
            except TokenError:
                del self._verified_access[token]
                raise
            self._verified_access.move_to_end(token)
            return access
        access, claims = self._read_access(token)
        self._verified_access[token] = (claims, access)
        if len(self._verified_access) > VERIFIED_CACHE_SIZE:
            self._verified_access.popitem(last=False)
        return access

    @property
    def remembered_access_tokens(self) -> int:
        return len(self._verified_access)

    def _read_access(self, token: str) -> tuple[AccessClaims, dict[str, Any]]:
        claims = self._verified_claims(token, ACCESS)
        version = claims.get("ver")
        role = claims.get("role")
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise TokenError("ver claim missing or not a non-negative integer")
        if not isinstance(role, str) or not role or len(role) > _MAX_CLAIM_TEXT:
            raise TokenError("role claim missing or not a string")
        access = AccessClaims(
            user_id=_uuid_claim(claims, "sub"),
            organization_id=_uuid_claim(claims, "org"),
            role=role,
            token_version=version,
            jti=claims["jti"],
        )
        return access, claims

    def read_refresh(self, token: str) -> RefreshClaims:
        claims = self._verified_claims(token, REFRESH)
        return RefreshClaims(
            user_id=_uuid_claim(claims, "sub"),
            organization_id=_uuid_claim(claims, "org"),
            jti=claims["jti"],
            expires_at=int(claims["exp"]),
        )

    def _verified_claims(self, token: str, expected_type: str) -> dict[str, Any]:
        if len(token) > self.max_token_bytes:
            raise TokenError("token longer than the configured maximum")
        self._check_header(token)
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[self.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                options={
                    "require_exp": True,
                    "require_iat": True,
                    "require_sub": True,
                    "require_jti": True,
                    "require_iss": True,
                    "require_aud": True,
                    "verify_at_hash": False,
                    "leeway": self.leeway_s,
                },
            )
        except (JOSEError, ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
            raise TokenError(f"rejected by the JWT library: {type(exc).__name__}") from exc
        if not isinstance(claims, dict):
            raise TokenError("claims are not an object")
        self._check_claims(claims, expected_type)
        return claims

    def _check_header(self, token: str) -> None:
        parts = token.split(".")
        if len(parts) != 3 or not all(_SEGMENT.fullmatch(part) for part in parts):
            raise TokenError("not three base64url segments")
        if len(parts[0]) > MAX_HEADER_SEGMENT:
            raise TokenError("header too large")
        try:
            header = json.loads(_b64decode(parts[0]))
        except (ValueError, binascii.Error, RecursionError) as exc:
            raise TokenError("header is not base64url-encoded JSON") from exc
        if not isinstance(header, dict):
            raise TokenError("header is not an object")
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm.lower() == "none":
            raise TokenError("alg missing or none")
        if algorithm != self.algorithm:
            raise TokenError(f"alg {algorithm[:16]!r} is not allowed")
        if "crit" in header:
            raise TokenError("critical header extensions are not supported")
        if header.get("typ", _HEADER_TYPE) != _HEADER_TYPE:
            raise TokenError("header typ is not JWT")

    def _check_claims(self, claims: dict[str, Any], expected_type: str) -> None:
        if claims.get("typ") != expected_type:
            raise TokenError(f"typ claim is not {expected_type!r}")
        for name in ("exp", "iat"):
            if not _is_number(claims.get(name)):
                raise TokenError(f"{name} claim is not a number")
        if "nbf" in claims and not _is_number(claims["nbf"]):
            raise TokenError("nbf claim is not a number")
        now = time.time()
        if claims["iat"] > now + self.leeway_s:
            raise TokenError("iat lies in the future")
        if "nbf" in claims and claims["nbf"] > now + self.leeway_s:
            raise TokenError("nbf lies in the future")
        if claims["exp"] < now - self.leeway_s:
            raise TokenError("expired")
        jti = claims.get("jti")
        if not isinstance(jti, str) or not 16 <= len(jti) <= _MAX_CLAIM_TEXT:
            raise TokenError("jti claim missing or malformed")


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _uuid_claim(claims: Mapping[str, Any], name: str) -> uuid.UUID:
    value = claims.get(name)
    if not isinstance(value, str) or len(value) > 36:
        raise TokenError(f"{name} claim is not a UUID")
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise TokenError(f"{name} claim is not a UUID") from exc
