"""A token whose signature was checked once is not checked again (auth/tokens.py), but it still
stops at its expiry, under another signing key, and when its session ends."""

from __future__ import annotations

import dataclasses
import time
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from auth import tokens
from auth.tokens import InvalidAccessToken, issue_access_token, verify_access_token
from tests.auth_helpers import sign_in_tokens


def _token(settings) -> str:
    return issue_access_token(settings, person_id=uuid.uuid4(), session_id=uuid.uuid4(),
                              role="citizen", agency=None)


def test_a_remembered_token_still_expires(settings, monkeypatch):
    token = _token(settings)
    claims = verify_access_token(settings, token)
    assert verify_access_token(settings, token) == claims  # from memory
    later = time.time() + settings.access_token_ttl + tokens.LEEWAY_SECONDS + 1
    monkeypatch.setattr(tokens, "_clock", lambda: later)
    with pytest.raises(InvalidAccessToken):
        verify_access_token(settings, token)
    assert all(key[2] != token for key in tokens._VERIFIED)  # forgotten


def test_a_remembered_token_is_checked_again_under_another_key(settings, tmp_path):
    token = _token(settings)
    verify_access_token(settings, token)
    key = tmp_path / "other.pem"
    key.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    rotated = dataclasses.replace(settings, token_signing_key_file=key)
    with pytest.raises(InvalidAccessToken):
        verify_access_token(rotated, token)


def test_memory_is_bounded(settings, monkeypatch):
    monkeypatch.setattr(tokens, "_VERIFIED", {})
    monkeypatch.setattr(tokens, "_VERIFIED_MAX", 3)
    issued = [_token(settings) for _ in range(5)]
    for token in issued:
        verify_access_token(settings, token)
    assert len(tokens._VERIFIED) == 3
    assert [key[2] for key in tokens._VERIFIED] == issued[2:]


async def test_a_remembered_token_stops_when_its_session_is_revoked(client):
    signed_in = await sign_in_tokens(client)
    headers = {"Authorization": f"Bearer {signed_in.access_token}"}
    assert (await client.get("/v1/me", headers=headers)).status_code == 200
    assert (await client.get("/v1/me", headers=headers)).status_code == 200  # remembered
    assert (await client.post("/v1/auth/logout", headers=headers)).status_code == 204
    assert (await client.get("/v1/me", headers=headers)).status_code == 401
