"""National single sign-on, identity-provider side: discovery, JWKS, ID-token checks (OpenID
Connect Core 3.1.3.7) and the authorization-code exchange. The result is an `SsoIdentity`; the
tokens motcua issues afterwards are another module's business."""

from __future__ import annotations

from auth.sso.code_exchange import exchange_code
from auth.sso.id_token import verify_id_token
from auth.sso.identity import SsoIdentity, validate_id_number
from auth.sso.problems import (
    InvalidAuthorizationCode,
    InvalidIdToken,
    SsoIdNumberRejected,
    SsoRejected,
    SsoUnavailable,
)
from core.settings import Settings


async def authenticate_with_code(
    code: str, code_verifier: str, redirect_uri: str, nonce: str | None, settings
) -> SsoIdentity:
    """Exchange an authorization code (with its PKCE verifier) at the issuer's token endpoint and
    verify the ID token it returns."""
    return await exchange_code(code, code_verifier, redirect_uri, nonce, settings)


async def authenticate_with_id_token(id_token: str, nonce: str, settings: Settings) -> SsoIdentity:
    """Verify an ID token the app obtained itself; the nonce is mandatory on this path."""
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
