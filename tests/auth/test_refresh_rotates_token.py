from datetime import UTC

from models.auth import RefreshToken
from tests.auth_helpers import sign_in_tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_refresh_issues_a_new_pair_and_the_new_one_keeps_working(client):
    first = await sign_in_tokens(client)
    r = await client.post("/v1/auth/refresh", json={"refresh_token": first.refresh_token})
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["refresh_token"] != first.refresh_token
    assert second["access_token"] != first.access_token
    assert second["session_id"] == str(first.session_id)
    assert (await client.get("/v1/me", headers=bearer(second["access_token"]))).status_code == 200

    third = await client.post("/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert third.status_code == 200, third.text
    # Rotation: each token is used once; one unused token remains for the session.
    unused = await RefreshToken.count().where(
        (RefreshToken.session == first.session_id) & RefreshToken.used_at.is_null())
    assert unused == 1


async def test_unknown_refresh_token_is_401_problem(client):
    r = await client.post("/v1/auth/refresh", json={"refresh_token": "rt_" + "x" * 43})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"].endswith("/invalid-refresh-token")


async def test_expired_refresh_token_is_401(client):
    from datetime import datetime, timedelta

    tokens = await sign_in_tokens(client)
    await RefreshToken.update(
        {RefreshToken.expires_at: datetime.now(UTC) - timedelta(seconds=1)}
    ).where(RefreshToken.session == tokens.session_id)
    r = await client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
    assert r.status_code == 401 and r.json()["type"].endswith("/invalid-refresh-token")
