"""Only unexpired ES256 tokens signed by this service's key, for this audience, let anyone in."""

import base64
import json
import stat
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from auth.keys import DEV_KEY_NAME, signing_key
from auth.tokens import AUDIENCE
from tests.auth_helpers import sign_in_tokens


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def _claims(client, settings, **overrides):
    tokens = await sign_in_tokens(client)
    now = int(time.time())
    claims = {"iss": settings.public_base_url, "aud": AUDIENCE, "sub": str(tokens.person_id),
              "sid": str(tokens.session_id), "role": "citizen", "agency": None,
              "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
    return {**claims, **overrides}


async def _status(client, token: str) -> int:
    r = await client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    if r.status_code == 401:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.headers["www-authenticate"].endswith('error="invalid_token"')
    return r.status_code


async def test_a_well_formed_token_is_accepted(client, settings):
    # The control case: the forgeries below differ from this in one respect each.
    key = signing_key(settings)
    token = jwt.encode(await _claims(client, settings), key.private_key, algorithm="ES256",
                       headers={"kid": key.kid})
    assert await _status(client, token) == 200


async def test_expired_access_token_is_401(client, settings):
    key = signing_key(settings)
    past = int(time.time()) - 3600
    token = jwt.encode(await _claims(client, settings, iat=past, exp=past + 600),
                       key.private_key, algorithm="ES256", headers={"kid": key.kid})
    assert await _status(client, token) == 401


@pytest.mark.parametrize("overrides", [{"aud": "someone-else"}, {"iss": "https://evil.example"}])
async def test_token_for_another_audience_or_issuer_is_401(client, settings, overrides):
    key = signing_key(settings)
    token = jwt.encode(await _claims(client, settings, **overrides), key.private_key,
                       algorithm="ES256", headers={"kid": key.kid})
    assert await _status(client, token) == 401


async def test_token_signed_by_another_key_is_401(client, settings):
    other = ec.generate_private_key(ec.SECP256R1())
    kid = signing_key(settings).kid  # even claiming our key id
    token = jwt.encode(await _claims(client, settings), other, algorithm="ES256",
                       headers={"kid": kid})
    assert await _status(client, token) == 401


async def test_unsigned_alg_none_token_is_401(client, settings):
    claims = await _claims(client, settings)
    header = _b64({"alg": "none", "typ": "JWT", "kid": signing_key(settings).kid})
    token = f"{header}.{_b64(claims)}."
    assert await _status(client, token) == 401


async def test_hmac_over_the_public_key_is_401(client, settings):
    # The classic algorithm confusion: HS256 keyed with our (public) PEM.
    key = signing_key(settings)
    pem = key.public_key.public_bytes(serialization.Encoding.PEM,
                                      serialization.PublicFormat.SubjectPublicKeyInfo)
    header = _b64({"alg": "HS256", "typ": "JWT", "kid": key.kid})
    payload = _b64(await _claims(client, settings))
    import hashlib
    import hmac

    signature = base64.urlsafe_b64encode(
        hmac.new(pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    ).rstrip(b"=").decode()
    assert await _status(client, f"{header}.{payload}.{signature}") == 401


async def test_jwks_publishes_the_key_that_verifies_issued_tokens(client, settings):
    tokens = await sign_in_tokens(client)
    r = await client.get("/v1/auth/jwks.json")
    assert r.status_code == 200
    keys = r.json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "EC" and keys[0]["alg"] == "ES256"
    assert "d" not in keys[0]  # never the private part
    jwk = jwt.PyJWKSet.from_dict(r.json())[jwt.get_unverified_header(tokens.access_token)["kid"]]
    claims = jwt.decode(tokens.access_token, jwk.key, algorithms=["ES256"], audience=AUDIENCE)
    assert claims["sub"] == str(tokens.person_id) and claims["sid"] == str(tokens.session_id)
    assert {"iss", "iat", "exp", "jti", "role", "agency"} <= set(claims)


async def test_development_key_is_kept_owner_only_under_the_data_dir(client, settings):
    path = settings.data_dir / DEV_KEY_NAME
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
