"""RFC 9700 §4.14.2: an already-used refresh token coming back revokes the whole session —
except a retry, within the grace period, of a refresh whose answer never reached the app."""

import asyncio
from datetime import timedelta

from models.audit import AuditEvent
from models.auth import AuthSession, RefreshToken
from tests.auth_helpers import sign_in_tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_reusing_an_old_refresh_token_revokes_the_session(client):
    first = await sign_in_tokens(client)
    middle = (await client.post("/v1/auth/refresh",
                                json={"refresh_token": first.refresh_token})).json()
    # The replacement has been used: the first token coming back now can only be a replay.
    rotated = (await client.post("/v1/auth/refresh",
                                 json={"refresh_token": middle["refresh_token"]})).json()

    reuse = await client.post("/v1/auth/refresh", json={"refresh_token": first.refresh_token})
    assert reuse.status_code == 401
    assert reuse.headers["content-type"].startswith("application/problem+json")
    assert reuse.json()["type"].endswith("/refresh-token-reused")

    # The legitimate holder's newer tokens die with the session.
    later = await client.post("/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert later.status_code == 401 and later.json()["type"].endswith("/invalid-refresh-token")
    assert (await client.get("/v1/me", headers=bearer(rotated["access_token"]))).status_code == 401
    assert (await client.get("/v1/me", headers=bearer(first.access_token))).status_code == 401

    session = await AuthSession.select().where(AuthSession.id == first.session_id).first()
    assert session["revoked_at"] is not None and session["revoke_reason"] == "refresh-token-reused"
    audit = await AuditEvent.select().where(AuditEvent.action == "auth.refresh_reuse_revoked")
    assert [(a["actor_id"], a["subject_id"]) for a in audit] == [
        (str(first.person_id), str(first.session_id))]


async def test_reuse_does_not_touch_the_persons_other_sessions(client):
    phone = await sign_in_tokens(client)
    tablet = await sign_in_tokens(client, person_id=phone.person_id)
    second = await client.post("/v1/auth/refresh", json={"refresh_token": phone.refresh_token})
    await client.post("/v1/auth/refresh", json={"refresh_token": second.json()["refresh_token"]})
    reuse = await client.post("/v1/auth/refresh", json={"refresh_token": phone.refresh_token})
    assert reuse.status_code == 401
    assert (await client.get("/v1/me", headers=bearer(tablet.access_token))).status_code == 200


async def test_a_retried_refresh_whose_answer_was_lost_succeeds_once(client):
    tokens = await sign_in_tokens(client)
    lost = await client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
    retry = await client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
    assert lost.status_code == 200 and retry.status_code == 200, retry.text
    assert retry.json()["refresh_token"] != lost.json()["refresh_token"]
    # The retry's token carries the session on; the lost one was retired.
    onward = await client.post("/v1/auth/refresh",
                               json={"refresh_token": retry.json()["refresh_token"]})
    assert onward.status_code == 200
    stale = await client.post("/v1/auth/refresh",
                              json={"refresh_token": lost.json()["refresh_token"]})
    assert stale.status_code == 401 and stale.json()["type"].endswith("/refresh-token-reused")


async def test_a_retry_after_the_grace_period_is_reuse(client):
    tokens = await sign_in_tokens(client)
    await client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
    await RefreshToken.update({RefreshToken.used_at: RefreshToken.used_at - timedelta(minutes=5)}
                              ).where(RefreshToken.session == tokens.session_id)
    late = await client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
    assert late.status_code == 401 and late.json()["type"].endswith("/refresh-token-reused")


async def test_concurrent_refreshes_with_one_token_leave_exactly_one_live_token(client):
    tokens = await sign_in_tokens(client)
    results = await asyncio.gather(*[
        client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
        for _ in range(5)
    ])
    assert all(r.status_code == 200 for r in results), [
        r.text[-120:] for r in results if r.status_code != 200]
    live = await RefreshToken.select(RefreshToken.id).where(
        (RefreshToken.session == tokens.session_id) & RefreshToken.used_at.is_null())
    assert len(live) == 1
    session = await AuthSession.select().where(AuthSession.id == tokens.session_id).first()
    assert session["revoked_at"] is None
