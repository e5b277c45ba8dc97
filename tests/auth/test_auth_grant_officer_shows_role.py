import pytest

from auth.roles import assign_role
from core.problems import NotFound
from models.audit import AuditEvent
from tests.auth_helpers import agency_id, sign_in_tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_granted_officer_role_shows_on_me_at_once(client):
    await agency_id("000.00.01.H22")
    tokens = await sign_in_tokens(client)

    await assign_role(tokens.person_id, "000.00.01.H22", "officer", actor="cli")

    # The same access token: roles are read per request, not trusted from the token.
    me = (await client.get("/v1/me", headers=bearer(tokens.access_token))).json()
    assert me["role"] == "officer" and me["agency"]["unit_code"] == "000.00.01.H22"
    audit = await AuditEvent.select().where(AuditEvent.action == "auth.role_assigned")
    assert [(a["actor_id"], a["subject_id"]) for a in audit] == [("cli", str(tokens.person_id))]

    await assign_role(tokens.person_id, "000.00.01.H22", "citizen", actor="cli")
    me = (await client.get("/v1/me", headers=bearer(tokens.access_token))).json()
    assert me["role"] == "citizen" and me["agency"] is None


async def test_granting_in_an_unknown_agency_or_to_nobody_changes_nothing(client):
    await agency_id("000.00.01.H22")
    tokens = await sign_in_tokens(client)
    with pytest.raises(NotFound):
        await assign_role(tokens.person_id, "999.99.99.X00", "officer", actor="cli")
    with pytest.raises(NotFound):
        await assign_role("00000000-0000-0000-0000-000000000000", "000.00.01.H22", "officer",
                          actor="cli")
    me = (await client.get("/v1/me", headers=bearer(tokens.access_token))).json()
    assert me["role"] == "citizen"
    assert await AuditEvent.count().where(AuditEvent.action == "auth.role_assigned") == 0
