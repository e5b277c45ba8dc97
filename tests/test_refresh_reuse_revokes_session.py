"""RFC 9700 §4.14.2: an already-used refresh token coming back revokes the whole session."""

import asyncio

from models.audit import AuditEvent
from models.auth import AuthSession
from tests.auth_helpers import sign_in_tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_reusing_an_old_refresh_token_revokes_the_session(client):
    first = await sign_in_tokens(client)
    rotated = (await client.post("/v1/auth/refresh",
                                 json={"refresh_token": first.refresh_token})).json()

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
    await client.post("/v1/auth/refresh", json={"refresh_token": phone.refresh_token})
    await client.post("/v1/auth/refresh", json={"refresh_token": phone.refresh_token})
    assert (await client.get("/v1/me", headers=bearer(tablet.access_token))).status_code == 200


async def test_concurrent_refreshes_with_one_token_have_exactly_one_winner(client):
    tokens = await sign_in_tokens(client)
    results = await asyncio.gather(*[
        client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
        for _ in range(5)
    ])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 401, 401, 401, 401], [r.text for r in results]
    # The first loser revokes the session (a token presented twice counts as leaked); later
    # losers then find the session gone.
    losers = [r.json()["type"].rsplit("/", 1)[1] for r in results if r.status_code == 401]
    assert "refresh-token-reused" in losers
    assert set(losers) <= {"refresh-token-reused", "invalid-refresh-token"}
