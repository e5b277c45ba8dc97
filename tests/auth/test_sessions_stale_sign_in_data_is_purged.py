from datetime import UTC, datetime, timedelta

from app.domains import all_periodic_specs
from auth.jobs import PERIODIC, purge_stale_sign_in_data
from models.auth import AuthSession, RefreshToken
from tests.auth_helpers import sign_in_tokens


async def _age(session_id, **changes) -> None:
    await AuthSession.update(changes).where(AuthSession.id == session_id)


async def test_purge_drops_long_ended_sessions_and_expired_tokens_only(client):
    now = datetime.now(UTC)
    live = await sign_in_tokens(client)
    rotated = await client.post("/v1/auth/refresh", json={"refresh_token": live.refresh_token})
    assert rotated.status_code == 200
    expired_long_ago = await sign_in_tokens(client)
    revoked_long_ago = await sign_in_tokens(client)
    revoked_yesterday = await sign_in_tokens(client)
    await _age(expired_long_ago.session_id, expires_at=now - timedelta(days=40))
    await _age(revoked_long_ago.session_id, revoked_at=now - timedelta(days=40))
    await _age(revoked_yesterday.session_id, revoked_at=now - timedelta(days=1))
    # An expired token of the live session goes; its used-but-unexpired one stays for reuse checks.
    stale = await sign_in_tokens(client, person_id=live.person_id)
    await RefreshToken.update({RefreshToken.expires_at: now - timedelta(days=2)}).where(
        RefreshToken.session == stale.session_id)

    await purge_stale_sign_in_data()

    remaining = {row["id"] for row in await AuthSession.select(AuthSession.id)}
    assert remaining == {live.session_id, revoked_yesterday.session_id, stale.session_id}
    assert await RefreshToken.count().where(RefreshToken.session == live.session_id) == 2
    assert await RefreshToken.count().where(RefreshToken.session == stale.session_id) == 0
    assert await RefreshToken.count().where(
        RefreshToken.session == expired_long_ago.session_id) == 0
    # The old token still triggers reuse detection after the purge (past the retry grace).
    await RefreshToken.update({RefreshToken.used_at: now - timedelta(minutes=5)}).where(
        (RefreshToken.session == live.session_id) & RefreshToken.used_at.is_not_null())
    reuse = await client.post("/v1/auth/refresh", json={"refresh_token": live.refresh_token})
    assert reuse.json()["type"].endswith("/refresh-token-reused")


def test_purge_is_registered_as_a_periodic_job():
    assert PERIODIC[0] in all_periodic_specs()
