"""In production the access-token key comes from MOTCUA_TOKEN_KEY_FILE; only an EC P-256 key
(ES256) is accepted."""

import dataclasses

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from auth.keys import signing_key
from auth.tokens import AUDIENCE
from tests.auth_helpers import client_with, sign_in_tokens


def _pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


async def test_tokens_are_signed_with_the_configured_key(db, settings, tmp_path):
    own = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "keys" / "token.pem"
    path.parent.mkdir()
    path.write_bytes(_pem(own))
    configured = dataclasses.replace(settings, token_signing_key_file=path)
    async with client_with(configured) as other:
        tokens = await sign_in_tokens(other)
        published = (await other.get("/v1/auth/jwks.json")).json()
        assert (await other.get("/v1/me", headers={
            "Authorization": f"Bearer {tokens.access_token}"})).status_code == 200
    claims = jwt.decode(tokens.access_token, own.public_key(), algorithms=["ES256"],
                        audience=AUDIENCE)
    assert claims["sid"] == str(tokens.session_id)
    assert published["keys"][0]["kid"] == signing_key(configured).kid
    assert jwt.get_unverified_header(tokens.access_token)["kid"] == signing_key(configured).kid
    # No development key was generated next to the data.
    assert not (tmp_path / "token-signing-key.pem").exists()


def test_a_key_that_is_not_ec_p256_is_refused(settings, tmp_path):
    path = tmp_path / "rsa.pem"
    path.write_bytes(_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)))
    with pytest.raises(ValueError, match="P-256"):
        signing_key(dataclasses.replace(settings, token_signing_key_file=path))
