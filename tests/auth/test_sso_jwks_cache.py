"""The JWKS cache survives identity-provider outages, follows key rotation and cannot be used to
hammer the provider with refetches."""

from __future__ import annotations

import pytest
import sso_local_issuer as fx
from sso_local_issuer import CITIZEN_ID, new_key

from auth.sso import InvalidIdToken, SsoUnavailable, authenticate_with_id_token

jwks_clock = fx.jwks_clock
local_issuer = fx.local_issuer
running_issuer = fx.running_issuer
sso_settings = fx.sso_settings

NONCE = "n-0S6_WzA2Mj"


async def _sign_in(issuer, settings, key=None):
    token = issuer.sign(issuer.claims(), key=key)
    return await authenticate_with_id_token(token, NONCE, settings)


async def test_sign_in_keeps_working_while_the_provider_is_down(
    running_issuer, local_issuer, sso_settings, jwks_clock
):
    assert (await _sign_in(local_issuer, sso_settings)).id_number == CITIZEN_ID
    running_issuer.stop()  # connections are now refused
    jwks_clock.now += 2 * 3600  # and the cached set is past its refresh age
    assert (await _sign_in(local_issuer, sso_settings)).id_number == CITIZEN_ID


async def test_provider_answering_errors_does_not_drop_cached_keys(
    local_issuer, sso_settings, jwks_clock
):
    await _sign_in(local_issuer, sso_settings)
    local_issuer.down = True
    jwks_clock.now += 2 * 3600
    assert (await _sign_in(local_issuer, sso_settings)).id_number == CITIZEN_ID
    assert local_issuer.hits["/jwks"] == 2  # it did try


async def test_provider_down_before_any_fetch_is_unavailable(local_issuer, sso_settings):
    local_issuer.down = True
    with pytest.raises(SsoUnavailable) as caught:
        await _sign_in(local_issuer, sso_settings)
    assert caught.value.status == 503


async def test_rotated_key_is_picked_up(local_issuer, sso_settings, jwks_clock):
    await _sign_in(local_issuer, sso_settings)
    rotated = new_key()
    local_issuer.keys = [rotated]
    jwks_clock.now += 31
    assert (await _sign_in(local_issuer, sso_settings, key=rotated)).id_number == CITIZEN_ID


async def test_random_kids_refetch_at_most_once_per_interval(
    local_issuer, sso_settings, jwks_clock
):
    await _sign_in(local_issuer, sso_settings)
    jwks_clock.now += 31
    for _ in range(20):
        with pytest.raises(InvalidIdToken) as caught:
            await _sign_in(local_issuer, sso_settings, key=new_key("ES256"))
        assert caught.value.extra["reason"] == "unknown-key"
    assert local_issuer.hits["/jwks"] == 2  # the first fetch, then one refetch for twenty kids

    jwks_clock.now += 31
    with pytest.raises(InvalidIdToken):
        await _sign_in(local_issuer, sso_settings, key=new_key("ES256"))
    assert local_issuer.hits["/jwks"] == 3


async def test_key_rotated_within_the_interval_waits_for_it(
    local_issuer, sso_settings, jwks_clock
):
    await _sign_in(local_issuer, sso_settings)
    rotated = new_key()
    local_issuer.keys.append(rotated)
    with pytest.raises(InvalidIdToken):
        await _sign_in(local_issuer, sso_settings, key=rotated)  # too soon after the first fetch
    jwks_clock.now += 31
    assert (await _sign_in(local_issuer, sso_settings, key=rotated)).id_number == CITIZEN_ID
