"""National single sign-on, identity-provider side: discovery, JWKS, ID-token checks (OpenID
Connect Core 3.1.3.7) and the authorization-code exchange. The result is an `SsoIdentity`; the
tokens motcua issues afterwards are another module's business."""

from __future__ import annotations

from dataclasses import dataclass, field

from auth.sso.problems import (
    InvalidAuthorizationCode,
    InvalidIdToken,
    SsoIdNumberRejected,
    SsoRejected,
    SsoUnavailable,
)
from core.settings import Settings


@dataclass(frozen=True)
class SsoIdentity:
    id_number: str  # validated 12-digit số định danh cá nhân
    full_name: str = ""
    phone: str = ""
    email: str = ""
    officer_claim: str | None = None  # raw value of the configured officer claim, if present
    issuer: str = ""
    # The identity assurance level of the account (VNeID level 1 or 2), from the `acr` claim.
    assurance_level: int | None = None
    # What forms may be pre-filled from (auth.identity_profile.PREFILL_CLAIMS), as mapped from
    # the ID token's standard and national claims. Personal data: kept out of repr and logs.
    profile: dict[str, str] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:  # keep the ID number and phone out of logs and tracebacks
        return f"SsoIdentity(issuer={self.issuer!r}, officer={self.officer_claim is not None})"


def validate_id_number(value: str) -> str:
    """The value as a well-formed ID number, or SsoIdNumberRejected."""
    from auth.id_number import IdNumberError, parse_id_number

    try:
        return parse_id_number(value).value
    except IdNumberError as exc:
        raise SsoIdNumberRejected(detail=exc.reason) from None


async def authenticate_with_code(
    code: str, code_verifier: str, redirect_uri: str, nonce: str | None, settings
) -> SsoIdentity:
    """Exchange an authorization code (with its PKCE verifier) at the issuer's token endpoint and
    verify the ID token it returns."""
    from auth.sso.code_exchange import exchange_code

    return await exchange_code(code, code_verifier, redirect_uri, nonce, settings)


async def authenticate_with_id_token(id_token: str, nonce: str, settings: Settings) -> SsoIdentity:
    """Verify an ID token the app obtained itself; the nonce is mandatory on this path."""
    from auth.sso.id_token import verify_id_token

    return await verify_id_token(id_token, nonce, settings)


__all__ = [
    "InvalidAuthorizationCode",
    "InvalidIdToken",
    "SsoIdNumberRejected",
    "SsoIdentity",
    "SsoRejected",
    "SsoUnavailable",
    "authenticate_with_code",
    "authenticate_with_id_token",
    "validate_id_number",
]
