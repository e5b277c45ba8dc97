from models.audit import AuditEvent
from tests.auth_helpers import sign_in_tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_sessions_lists_my_devices_and_marks_this_one(client):
    phone = await sign_in_tokens(client)
    tablet = await sign_in_tokens(client, person_id=phone.person_id)
    await sign_in_tokens(client)  # someone else

    r = await client.get("/v1/me/sessions", headers=bearer(phone.access_token))
    assert r.status_code == 200, r.text
    sessions = {s["id"]: s for s in r.json()}
    assert set(sessions) == {str(phone.session_id), str(tablet.session_id)}
    assert sessions[str(phone.session_id)]["current"] is True
    assert sessions[str(tablet.session_id)]["current"] is False
    assert {"client", "created_at", "last_used_at"} <= set(sessions[str(tablet.session_id)])


async def test_revoking_my_other_device_signs_it_out(client):
    phone = await sign_in_tokens(client)
    tablet = await sign_in_tokens(client, person_id=phone.person_id)

    r = await client.delete(f"/v1/me/sessions/{tablet.session_id}",
                            headers=bearer(phone.access_token))
    assert r.status_code == 204, r.text
    assert (await client.get("/v1/me", headers=bearer(tablet.access_token))).status_code == 401
    refreshed = await client.post("/v1/auth/refresh", json={"refresh_token": tablet.refresh_token})
    assert refreshed.status_code == 401
    listed = (await client.get("/v1/me/sessions", headers=bearer(phone.access_token))).json()
    assert [s["id"] for s in listed] == [str(phone.session_id)]
    audit = await AuditEvent.select().where(AuditEvent.action == "auth.session_revoked")
    assert [(a["actor_id"], a["subject_id"]) for a in audit] == [
        (str(phone.person_id), str(tablet.session_id))]


async def test_another_persons_session_is_not_found_and_stays_signed_in(client):
    mine = await sign_in_tokens(client)
    theirs = await sign_in_tokens(client)
    r = await client.delete(f"/v1/me/sessions/{theirs.session_id}",
                            headers=bearer(mine.access_token))
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert (await client.get("/v1/me", headers=bearer(theirs.access_token))).status_code == 200
