"""Authorization code + PKCE (RFC 7636): the app hands us the code and its verifier, we redeem
them at the token endpoint found by discovery and verify the ID token that comes back."""

from __future__ import annotations

from auth.sso.discovery import ProviderMetadata, configured_issuer, discover
from auth.sso.http import post_form, unreachable
from auth.sso.id_token import verify_id_token
from auth.sso.identity import SsoIdentity
from auth.sso.problems import InvalidAuthorizationCode


def _client_auth(metadata: ProviderMetadata, settings, form: dict[str, str]):
    """client_secret_basic when we hold a secret and the provider takes it, else _post; a public
    client (no secret) only names itself — PKCE is what binds the code to it."""
    secret = settings.sso_client_secret
    if not secret:
        form["client_id"] = settings.sso_client_id
        return None
    methods = metadata.token_endpoint_auth_methods
    if "client_secret_basic" in methods or "client_secret_post" not in methods:
        return (settings.sso_client_id, secret)
    form["client_id"] = settings.sso_client_id
    form["client_secret"] = secret
    return None


async def exchange_code(
    code: str, code_verifier: str, redirect_uri: str, nonce: str | None, settings
) -> SsoIdentity:
    metadata = await discover(configured_issuer(settings))
    if not metadata.token_endpoint:
        raise unreachable(metadata.issuer, "no token_endpoint in the metadata")
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }
    auth = _client_auth(metadata, settings, form)
    response = await post_form(metadata.token_endpoint, form, auth)
    if response.status_code >= 500:
        raise unreachable(metadata.token_endpoint, f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not isinstance(body, dict):
        error = body.get("error") if isinstance(body, dict) else None
        raise InvalidAuthorizationCode(
            detail={"vi": "Cổng định danh từ chối mã ủy quyền.",
                    "en": "The identity provider refused the authorization code."},
            extra={"reason": str(error or f"http-{response.status_code}")},
        )
    id_token = body.get("id_token")
    if not isinstance(id_token, str):
        raise InvalidAuthorizationCode(
            detail={"vi": "Cổng định danh không trả về ID token.",
                    "en": "The identity provider returned no ID token."},
            extra={"reason": "no-id-token"},
        )
    # The nonce is checked when the app sent one in its authorization request (Core 3.1.3.7 #11).
    return await verify_id_token(id_token, nonce, settings, nonce_required=False)
