"""The tokens this service issues: short-lived signed access tokens (JWT, ES256) and opaque
refresh tokens that are stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass

import jwt

from auth.keys import ALGORITHM, signing_key
from core.settings import Settings

AUDIENCE = "motcua-api"
REFRESH_PREFIX = "rt_"


@dataclass(frozen=True)
class AccessClaims:
    person_id: uuid.UUID
    session_id: uuid.UUID
    role: str
    agency: str | None  # agency unit code for officers, e.g. 000.00.01.H22


class InvalidAccessToken(Exception):
    """Expired, forged, or otherwise unusable; callers treat the request as anonymous."""


def issue_access_token(settings: Settings, *, person_id: uuid.UUID, session_id: uuid.UUID,
                       role: str, agency: str | None) -> str:
    key = signing_key(settings)
    now = int(time.time())
    claims = {
        "iss": settings.public_base_url,
        "aud": AUDIENCE,
        "sub": str(person_id),  # the person's id, never the ID number
        "sid": str(session_id),
        "role": role,
        "agency": agency,
        "iat": now,
        "exp": now + settings.access_token_ttl,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})


# Tokens whose signature and claims were checked, until they expire. An app sends the same
# access token with every request for its lifetime, and an ES256 verification costs more CPU than
# the rest of a typical read; a token seen before is the same bytes, so only its expiry needs
# checking again. Only tokens that passed verification get in, so forged ones cannot fill it;
# keyed by the verifying key too, so a key change re-verifies everything.
_VERIFIED: dict[tuple[str, str, str], tuple[AccessClaims, float]] = {}
_VERIFIED_MAX = 4096
LEEWAY_SECONDS = 30
_clock = time.time


def verify_access_token(settings: Settings, token: str) -> AccessClaims:
    key = signing_key(settings)
    cache_key = (key.kid, settings.public_base_url, token)
    hit = _VERIFIED.get(cache_key)
    if hit is not None:
        claims, expires = hit
        if _clock() < expires:
            return claims
        del _VERIFIED[cache_key]
        raise InvalidAccessToken("ExpiredSignatureError")
    claims = _verify(settings, key, token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        del _VERIFIED[next(iter(_VERIFIED))]  # the oldest entry
    _VERIFIED[cache_key] = claims
    return claims[0]


def _verify(settings: Settings, key, token: str) -> tuple[AccessClaims, float]:
    try:
        header = jwt.get_unverified_header(token)
        if header.get("kid") != key.kid:
            raise InvalidAccessToken("unknown key")
        # The algorithm is pinned: a token cannot choose `none` or an HMAC over our public key.
        claims = jwt.decode(
            token,
            key.public_key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=settings.public_base_url,
            options={"require": ["iss", "aud", "sub", "sid", "exp", "iat", "jti"]},
            leeway=LEEWAY_SECONDS,
        )
        return AccessClaims(
            person_id=uuid.UUID(claims["sub"]),
            session_id=uuid.UUID(claims["sid"]),
            role=str(claims.get("role", "citizen")),
            agency=claims.get("agency"),
        ), float(claims["exp"]) + LEEWAY_SECONDS
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
        raise InvalidAccessToken(type(exc).__name__) from None


def new_refresh_token() -> str:
    return REFRESH_PREFIX + secrets.token_urlsafe(32)


def refresh_token_hash(token: str) -> str:
    # The token has 256 random bits, so a plain hash is enough: no salt or slow KDF needed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
