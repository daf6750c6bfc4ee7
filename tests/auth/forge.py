"""Hand-made JWTs for attack tests, built without the library under test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
import uuid
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SECRET = os.environ["AUTH_JWT_SECRET"]
ISSUER = "shopfloor"
AUDIENCE = "shopfloor-api"

_HMAC_DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: Any) -> str:
    return b64(json.dumps(value, separators=(",", ":")).encode())


def access_claims(
    *, user_id: uuid.UUID, organization_id: uuid.UUID, role: str = "operator", version: int = 0
) -> dict[str, Any]:
    now = int(time.time())
    return {
        "sub": str(user_id),
        "org": str(organization_id),
        "role": role,
        "ver": version,
        "typ": "access",
        "jti": secrets.token_urlsafe(32),
        "iat": now,
        "exp": now + 600,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }


def hmac_token(
    claims: dict[str, Any],
    *,
    key: bytes | str = SECRET,
    alg: str = "HS256",
    header: dict[str, Any] | None = None,
) -> str:
    key_bytes = key.encode() if isinstance(key, str) else key
    head = segment(header if header is not None else {"alg": alg, "typ": "JWT"})
    signing_input = f"{head}.{segment(claims)}"
    digest = _HMAC_DIGESTS[alg]
    signature = hmac.new(key_bytes, signing_input.encode(), digest).digest()
    return f"{signing_input}.{b64(signature)}"


def unsigned_token(claims: dict[str, Any], *, alg: str = "none") -> str:
    return f"{segment({'alg': alg, 'typ': 'JWT'})}.{segment(claims)}."


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def rs256_token(claims: dict[str, Any], private_key: rsa.RSAPrivateKey) -> str:
    signing_input = f"{segment({'alg': 'RS256', 'typ': 'JWT'})}.{segment(claims)}"
    signature = private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


def public_pem(private_key: rsa.RSAPrivateKey) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def tamper(text: str) -> str:
    """Change one character in the middle (the last one may only carry padding bits)."""
    middle = len(text) // 2
    replacement = "A" if text[middle] != "A" else "B"
    return text[:middle] + replacement + text[middle + 1 :]


def decode_segment(segment_text: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(segment_text + "=" * (-len(segment_text) % 4)))
