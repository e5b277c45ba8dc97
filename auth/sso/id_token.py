"""ID-token validation, OpenID Connect Core 1.0 §3.1.3.7, then the citizen it names.

The algorithm comes from our allow-list and the key's own type, never from the token header, so
`alg: none` and "HS256 signed with the public key" cannot pass."""

from __future__ import annotations

import hmac
from typing import Any

import jwt

from auth.identity_profile import profile_from_claims
from auth.sso.dev_provider import DEV_OFFICER_CLAIM
from auth.sso.discovery import configured_issuer, dev_issuer, discover
from auth.sso.identity import SsoIdentity, validate_id_number
from auth.sso.jwks import ALLOWED_ALGORITHMS, cache_for
from auth.sso.problems import InvalidIdToken
from core.settings import Settings

LEEWAY = 60  # seconds of clock skew tolerated on exp / iat / nbf


def _rejected(reason: str, en: str, vi: str) -> InvalidIdToken:
    return InvalidIdToken(detail={"vi": vi, "en": en}, extra={"reason": reason})


_JWT_ERRORS: list[tuple[type[Exception], str, str, str]] = [
    (jwt.ExpiredSignatureError, "expired", "The ID token has expired.", "ID token đã hết hạn."),
    (jwt.ImmatureSignatureError, "not-yet-valid", "The ID token is not valid yet.",
     "ID token chưa có hiệu lực."),
    (jwt.InvalidIssuerError, "wrong-issuer", "The ID token comes from another issuer.",
     "ID token do một bên phát hành khác cấp."),
    (jwt.InvalidAudienceError, "wrong-audience", "The ID token is meant for another client.",
     "ID token được cấp cho ứng dụng khác."),
    (jwt.MissingRequiredClaimError, "missing-claim", "The ID token lacks a required claim.",
     "ID token thiếu thông tin bắt buộc."),
    (jwt.InvalidAlgorithmError, "algorithm-not-allowed", "The ID token's algorithm is not allowed.",
     "Thuật toán ký của ID token không được chấp nhận."),
    (jwt.InvalidSignatureError, "bad-signature", "The ID token's signature does not verify.",
     "Chữ ký của ID token không hợp lệ."),
]


def _decode(token: str, key: jwt.PyJWK, issuer: str, client_id: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token, key, algorithms=list(ALLOWED_ALGORITHMS), audience=client_id, issuer=issuer,
            leeway=LEEWAY, options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as exc:
        for kind, reason, en, vi in _JWT_ERRORS:
            if isinstance(exc, kind):
                raise _rejected(reason, en, vi) from None
        raise _rejected("malformed", "The ID token is malformed.",
                        "ID token không đúng định dạng.") from None


def _check_azp(claims: dict[str, Any], client_id: str) -> None:
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    azp = claims.get("azp")
    if (len(audiences) > 1 and azp is None) or (azp is not None and azp != client_id):
        raise _rejected("wrong-azp", "The ID token was issued to another party (azp).",
                        "ID token được cấp cho bên khác (azp).")


def _check_nonce(claims: dict[str, Any], expected: str | None) -> None:
    if expected is None:
        return
    got = claims.get("nonce")
    if not isinstance(got, str) or not hmac.compare_digest(got.encode(), expected.encode()):
        raise _rejected("wrong-nonce", "The ID token's nonce does not match.",
                        "Nonce của ID token không khớp.")


def _identity(claims: dict[str, Any], issuer: str, settings: Settings) -> SsoIdentity:
    raw = claims.get(settings.sso_id_claim, claims["sub"])
    officer_claim = settings.sso_officer_claim or (
        DEV_OFFICER_CLAIM if issuer == dev_issuer(settings) else None)
    officer = claims.get(officer_claim) if officer_claim else None
    name = claims.get("name") or " ".join(
        str(claims[k]) for k in ("family_name", "middle_name", "given_name") if claims.get(k))
    id_number = validate_id_number(raw if isinstance(raw, str) else str(raw))
    full_name, phone = str(name or ""), str(claims.get("phone_number") or "")
    return SsoIdentity(
        id_number=id_number, full_name=full_name, phone=phone,
        email=str(claims.get("email") or ""),
        officer_claim=str(officer) if officer not in (None, "") else None,
        issuer=issuer,
        assurance_level=assurance_level(claims.get("acr")),
        profile=profile_from_claims(claims, id_number, full_name, phone),
    )


def assurance_level(acr: object) -> int | None:
    """The level an `acr` value names by its trailing digit (`2`, `vneid:level2`,
    `urn:…:loa:2`); None when it names none. Level 2 is a VNeID account verified in person."""
    if isinstance(acr, int) and not isinstance(acr, bool):
        return acr if 1 <= acr <= 4 else None
    if isinstance(acr, str) and acr[-1:].isdigit() and 1 <= int(acr[-1]) <= 4:
        return int(acr[-1])
    return None


async def verify_id_token(
    token: str, nonce: str | None, settings, *, nonce_required: bool = True
) -> SsoIdentity:
    if nonce_required and not nonce:
        raise _rejected("wrong-nonce", "A nonce is required.", "Thiếu nonce.")
    issuer = configured_issuer(settings)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise _rejected("malformed", "The ID token is malformed.",
                        "ID token không đúng định dạng.") from None
    if header.get("alg") not in ALLOWED_ALGORITHMS:
        raise _rejected("algorithm-not-allowed", "The ID token's algorithm is not allowed.",
                        "Thuật toán ký của ID token không được chấp nhận.")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise _rejected("malformed", "The ID token is malformed.", "ID token không đúng định dạng.")
    metadata = await discover(issuer)
    key = await cache_for(metadata.jwks_uri).key_for(kid)
    claims = _decode(token, key, issuer, settings.sso_client_id)
    _check_azp(claims, settings.sso_client_id)
    _check_nonce(claims, nonce)
    return _identity(claims, issuer, settings)
