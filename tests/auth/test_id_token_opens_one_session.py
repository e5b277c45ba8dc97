"""The ID-token form of sign-in: one ID token opens at most one session, however often and to
however many API processes it is sent (the replay record is in the database)."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import sso_local_issuer as fx

from models.auth import AuthSession
from tests.auth_helpers import client_with

local_issuer = fx.local_issuer
running_issuer = fx.running_issuer

NONCE = "n-0S6_WzA2Mj"


def _with_issuer(settings, issuer):
    return dataclasses.replace(settings, sso_issuer=issuer.url, sso_client_id=fx.CLIENT_ID)


async def _sign_in(client, token: str):
    return await client.post("/v1/auth/sso", json={"id_token": token, "nonce": NONCE})


async def test_the_same_id_token_sent_twice_opens_one_session(db, settings, local_issuer):
    token = local_issuer.token()
    async with client_with(_with_issuer(settings, local_issuer)) as client:
        first = await _sign_in(client, token)
        assert first.status_code == 200, first.text
        again = await _sign_in(client, token)
        assert again.status_code == 401
        assert again.json()["reason"] == "replayed"
        # A fresh token from the identity provider still signs the citizen in. (Its own expiry:
        # minted within the same second, the same claims would sign into the very same token.)
        fresh = local_issuer.token(exp=int(time.time()) + 299)
        assert (await _sign_in(client, fresh)).status_code == 200
    assert await AuthSession.count() == 2


async def test_copies_sent_at_once_open_one_session(db, settings, local_issuer):
    token = local_issuer.token(jti="one-token")
    async with client_with(_with_issuer(settings, local_issuer)) as client:
        answers = await asyncio.gather(*(_sign_in(client, token) for _ in range(4)))
    assert sorted(answer.status_code for answer in answers) == [200, 401, 401, 401]
    assert await AuthSession.count() == 1


async def test_another_api_process_refuses_a_token_used_here(db, settings, local_issuer):
    token = local_issuer.token()
    async with client_with(_with_issuer(settings, local_issuer)) as first:
        assert (await _sign_in(first, token)).status_code == 200
    async with client_with(_with_issuer(settings, local_issuer)) as second:
        assert (await _sign_in(second, token)).json()["reason"] == "replayed"
