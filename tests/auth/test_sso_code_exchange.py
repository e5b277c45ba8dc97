"""Authorization code + PKCE: the code is redeemed at the token endpoint found by discovery and the
returned ID token is verified like any other."""

from __future__ import annotations

import dataclasses

import pytest
import sso_local_issuer as fx
from sso_local_issuer import CITIZEN_ID

from auth.sso import (
    InvalidAuthorizationCode,
    InvalidIdToken,
    SsoUnavailable,
    authenticate_with_code,
)

local_issuer = fx.local_issuer
running_issuer = fx.running_issuer
sso_settings = fx.sso_settings

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
REDIRECT = "vn.gov.motcua:/oauth2redirect"
NONCE = "n-0S6_WzA2Mj"


async def test_code_with_its_verifier_signs_the_citizen_in(local_issuer, sso_settings):
    code = local_issuer.issue_code(VERIFIER, REDIRECT)
    identity = await authenticate_with_code(code, VERIFIER, REDIRECT, NONCE, sso_settings)
    assert identity.id_number == CITIZEN_ID
    sent = local_issuer.token_requests[0]
    assert sent["grant_type"] == "authorization_code"
    assert sent["code_verifier"] == VERIFIER
    assert sent["client_id"] == "motcua-app"  # a public client names itself
    assert sent["authorization"] is None


async def test_code_is_single_use(local_issuer, sso_settings):
    code = local_issuer.issue_code(VERIFIER, REDIRECT)
    await authenticate_with_code(code, VERIFIER, REDIRECT, NONCE, sso_settings)
    with pytest.raises(InvalidAuthorizationCode) as caught:
        await authenticate_with_code(code, VERIFIER, REDIRECT, NONCE, sso_settings)
    assert caught.value.extra["reason"] == "invalid_grant"


async def test_wrong_verifier_is_refused(local_issuer, sso_settings):
    code = local_issuer.issue_code(VERIFIER, REDIRECT)
    with pytest.raises(InvalidAuthorizationCode) as caught:
        await authenticate_with_code(code, "x" * 43, REDIRECT, NONCE, sso_settings)
    assert caught.value.status == 401


async def test_nonce_of_the_authorization_request_is_checked(local_issuer, sso_settings):
    code = local_issuer.issue_code(VERIFIER, REDIRECT, nonce="the-provider-saw-this")
    with pytest.raises(InvalidIdToken) as caught:
        await authenticate_with_code(code, VERIFIER, REDIRECT, NONCE, sso_settings)
    assert caught.value.extra["reason"] == "wrong-nonce"


async def test_without_a_nonce_the_code_flow_still_works(local_issuer, sso_settings):
    code = local_issuer.issue_code(VERIFIER, REDIRECT, nonce=None)
    identity = await authenticate_with_code(code, VERIFIER, REDIRECT, None, sso_settings)
    assert identity.id_number == CITIZEN_ID


async def test_confidential_client_authenticates_with_basic(local_issuer, sso_settings):
    local_issuer.client_secret = "s3cret"
    settings = dataclasses.replace(sso_settings, sso_client_secret="s3cret")
    code = local_issuer.issue_code(VERIFIER, REDIRECT)
    assert (await authenticate_with_code(code, VERIFIER, REDIRECT, NONCE, settings)).id_number
    assert local_issuer.token_requests[0]["authorization"].startswith("Basic ")
    assert "client_secret" not in local_issuer.token_requests[0]


async def test_token_endpoint_down_is_unavailable_not_a_bad_code(local_issuer, sso_settings):
    code = local_issuer.issue_code(VERIFIER, REDIRECT)
    await authenticate_with_code(
        local_issuer.issue_code(VERIFIER, REDIRECT), VERIFIER, REDIRECT, NONCE, sso_settings)
    local_issuer.down = True
    with pytest.raises(SsoUnavailable) as caught:
        await authenticate_with_code(code, VERIFIER, REDIRECT, NONCE, sso_settings)
    assert caught.value.status == 503
