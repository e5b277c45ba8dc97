"""One ID token opens at most one session.

On the ID-token form of `POST /v1/auth/sso` the app chooses the nonce, so the nonce alone cannot
stop a token captured on the way (a proxy's log, a compromised device) from being sent again. Each
ID token that opened a session is recorded by its SHA-256 — of `iss` and `jti` when the issuer
sets a `jti`, of the whole token otherwise — until it expires (`id_token_use`, in the database,
so every API process sees it and a Redis restart forgets nothing). The primary key decides, not
a prior read: two copies sent at once cannot both pass."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import jwt

from auth.sso.problems import InvalidIdToken
from core import clock
from models.auth import IdTokenUse

KEEP_WITHOUT_EXP = dt.timedelta(hours=1)  # never reached: a token without `exp` is refused


def token_digest(token: str, claims: dict[str, Any]) -> str:
    jti = claims.get("jti")
    what = f"{claims.get('iss', '')}|jti|{jti}" if isinstance(jti, str) and jti else token
    return hashlib.sha256(what.encode()).hexdigest()


async def use_once(token: str) -> None:
    """Record a verified ID token's use; InvalidIdToken (reason "replayed") if it was used."""
    # The signature was verified already; only the claims are read here.
    claims = jwt.decode(token, options={"verify_signature": False})
    exp = claims.get("exp")
    expires_at = (dt.datetime.fromtimestamp(exp, dt.UTC) if isinstance(exp, int | float)
                  else clock.now() + KEEP_WITHOUT_EXP)
    inserted = await IdTokenUse.insert(
        IdTokenUse(digest=token_digest(token, claims), expires_at=expires_at)
    ).on_conflict(target=IdTokenUse.digest, action="DO NOTHING").returning(IdTokenUse.digest)
    if not inserted:
        raise InvalidIdToken(
            detail={"vi": "ID token này đã được dùng để đăng nhập. Hãy đăng nhập lại.",
                    "en": "This ID token was used to sign in already. Sign in again."},
            extra={"reason": "replayed"})
