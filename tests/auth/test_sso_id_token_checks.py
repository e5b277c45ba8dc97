"""Each ID-token check of OpenID Connect Core 3.1.3.7, against a real local issuer over HTTP."""

from __future__ import annotations

import base64
import json
import time

import pytest
import sso_local_issuer as fx
from sso_local_issuer import CITIZEN_ID, new_key

from auth.sso import (
    InvalidIdToken,
    SsoIdNumberRejected,
    authenticate_with_id_token,
)

jwks_clock = fx.jwks_clock
local_issuer = fx.local_issuer
running_issuer = fx.running_issuer
sso_settings = fx.sso_settings

NONCE = "n-0S6_WzA2Mj"


async def _reason(token: str, settings, nonce: str = NONCE) -> str:
    with pytest.raises(InvalidIdToken) as caught:
        await authenticate_with_id_token(token, nonce, settings)
    assert caught.value.status == 401
    return caught.value.extra["reason"]


async def test_valid_token_yields_the_citizen(local_issuer, sso_settings):
    identity = await authenticate_with_id_token(local_issuer.token(), NONCE, sso_settings)
    assert identity.id_number == CITIZEN_ID
    assert identity.full_name == "Nguyễn Văn An"
    assert identity.phone == "+84912345678"
    assert identity.issuer == local_issuer.url
    assert identity.officer_claim is None
    assert CITIZEN_ID not in repr(identity)


async def test_id_number_claim_wins_over_subject(local_issuer, sso_settings):
    token = local_issuer.token(sub="opaque-subject-42", SoDinhDanh="079195001234")
    identity = await authenticate_with_id_token(token, NONCE, sso_settings)
    assert identity.id_number == "079195001234"


async def test_es256_token_is_accepted(local_issuer, sso_settings):
    local_issuer.keys.append(new_key("ES256"))
    token = local_issuer.sign(local_issuer.claims(), key=local_issuer.keys[1])
    assert (await authenticate_with_id_token(token, NONCE, sso_settings)).id_number == CITIZEN_ID


async def test_expired_token_is_rejected(local_issuer, sso_settings):
    now = int(time.time())
    token = local_issuer.token(iat=now - 900, exp=now - 120)  # beyond the 60 s leeway
    assert await _reason(token, sso_settings) == "expired"


async def test_token_issued_in_the_future_is_rejected(local_issuer, sso_settings):
    token = local_issuer.token(iat=int(time.time()) + 600)
    assert await _reason(token, sso_settings) == "not-yet-valid"


async def test_wrong_issuer_is_rejected(local_issuer, sso_settings):
    token = local_issuer.token(iss=local_issuer.url + "/")  # exact match: even a slash counts
    assert await _reason(token, sso_settings) == "wrong-issuer"


async def test_wrong_audience_is_rejected(local_issuer, sso_settings):
    assert await _reason(local_issuer.token(aud="another-app"), sso_settings) == "wrong-audience"


async def test_several_audiences_without_azp_are_rejected(local_issuer, sso_settings):
    token = local_issuer.token(aud=["motcua-app", "another-app"])
    assert await _reason(token, sso_settings) == "wrong-azp"


async def test_azp_naming_another_client_is_rejected(local_issuer, sso_settings):
    token = local_issuer.token(aud=["motcua-app", "another-app"], azp="another-app")
    assert await _reason(token, sso_settings) == "wrong-azp"


async def test_several_audiences_with_our_azp_are_accepted(local_issuer, sso_settings):
    token = local_issuer.token(aud=["motcua-app", "another-app"], azp="motcua-app")
    assert (await authenticate_with_id_token(token, NONCE, sso_settings)).id_number == CITIZEN_ID


async def test_wrong_nonce_is_rejected(local_issuer, sso_settings):
    assert await _reason(local_issuer.token(), sso_settings, nonce="another-nonce") == "wrong-nonce"


async def test_token_without_nonce_is_rejected(local_issuer, sso_settings):
    assert await _reason(local_issuer.token(nonce=None), sso_settings) == "wrong-nonce"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


async def test_alg_none_is_rejected(local_issuer, sso_settings):
    header = {"alg": "none", "typ": "JWT", "kid": local_issuer.keys[0].kid}
    payload = local_issuer.claims()
    token = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}."
    assert await _reason(token, sso_settings) == "algorithm-not-allowed"


async def test_hs256_signed_with_the_public_key_is_rejected(local_issuer, sso_settings):
    # The classic key-confusion attack: HMAC keyed with the provider's public key (PEM or JWK).
    from cryptography.hazmat.primitives import serialization

    public_pem = local_issuer.keys[0].private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = {"alg": "HS256", "typ": "JWT", "kid": local_issuer.keys[0].kid}
    signing_input = (f"{_b64(json.dumps(header).encode())}."
                     f"{_b64(json.dumps(local_issuer.claims()).encode())}")
    import hashlib
    import hmac

    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{_b64(signature)}"
    assert await _reason(token, sso_settings) == "algorithm-not-allowed"


async def test_rs256_header_over_a_foreign_signature_is_rejected(local_issuer, sso_settings):
    forged = new_key()
    forged.kid = local_issuer.keys[0].kid  # right kid, wrong private key
    token = local_issuer.sign(local_issuer.claims(), key=forged)
    assert await _reason(token, sso_settings) == "bad-signature"


async def test_unknown_kid_is_rejected(local_issuer, sso_settings, jwks_clock):
    stranger = new_key()
    token = local_issuer.sign(local_issuer.claims(), key=stranger)
    assert await _reason(token, sso_settings) == "unknown-key"


async def test_garbage_is_rejected_as_malformed(local_issuer, sso_settings):
    assert await _reason("not-a-jwt", sso_settings) == "malformed"


@pytest.mark.parametrize("bad", [
    "12345678901",      # 11 digits
    "0010900123456",    # 13 digits
    "00109001234a",     # a letter
    "０01090012345",     # a full-width digit
    "097090012345",     # province 097 does not exist
    "000090012345",     # province 000 does not exist
    "001490012345",     # century digit 4 = 2190: born in the future
    "001399012345",     # 2099: born in the future
])
async def test_bad_id_number_shape_is_rejected(local_issuer, sso_settings, bad):
    with pytest.raises(SsoIdNumberRejected) as caught:
        await authenticate_with_id_token(local_issuer.token(sub=bad), NONCE, sso_settings)
    assert caught.value.status == 401
    assert caught.value.slug == "sso-invalid-id-number"
    assert bad not in json.dumps(caught.value.detail, ensure_ascii=False)

