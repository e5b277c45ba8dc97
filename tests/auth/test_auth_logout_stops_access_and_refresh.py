from models.audit import AuditEvent
from tests.auth_helpers import sign_in_tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_logout_stops_the_sessions_access_and_refresh_tokens(client):
    tokens = await sign_in_tokens(client)
    assert (await client.get("/v1/me", headers=bearer(tokens.access_token))).status_code == 200

    r = await client.post("/v1/auth/logout", headers=bearer(tokens.access_token))
    assert r.status_code == 204, r.text

    me = await client.get("/v1/me", headers=bearer(tokens.access_token))
    assert me.status_code == 401
    assert 'error="invalid_token"' in me.headers["www-authenticate"]
    assert me.headers["content-type"].startswith("application/problem+json")
    refreshed = await client.post("/v1/auth/refresh", json={"refresh_token": tokens.refresh_token})
    assert refreshed.status_code == 401
    assert refreshed.json()["type"].endswith("/invalid-refresh-token")
    audit = await AuditEvent.select().where(AuditEvent.action == "auth.logout")
    assert [a["actor_id"] for a in audit] == [str(tokens.person_id)]


async def test_logout_without_a_token_is_401(client):
    r = await client.post("/v1/auth/logout")
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")


async def test_logout_leaves_the_persons_other_devices_signed_in(client):
    phone = await sign_in_tokens(client)
    tablet = await sign_in_tokens(client, person_id=phone.person_id)
    await client.post("/v1/auth/logout", headers=bearer(phone.access_token))
    assert (await client.get("/v1/me", headers=bearer(tablet.access_token))).status_code == 200
