"""POST /v1/auth/sso with the identity provider's side replaced by a fake SsoIdentity."""

import dataclasses
import logging
import time

import jwt
import pytest

from auth import sso
from models.audit import AuditEvent
from models.auth import AuthSession, Person, RefreshToken
from tests.auth_helpers import agency_id, client_with

ID_NUMBER = "001099012345"


@pytest.fixture
def fake_sso(monkeypatch):
    calls = []
    identity = {"value": sso.SsoIdentity(id_number=ID_NUMBER, full_name="Lê Văn Cường",
                                         phone="0987654321", email="cuong@example.vn",
                                         issuer="https://sso.example")}

    async def with_code(code, code_verifier, redirect_uri, nonce, settings):
        calls.append(("code", code, code_verifier, redirect_uri, nonce))
        return identity["value"]

    async def with_id_token(id_token, nonce, settings):
        calls.append(("id_token", id_token, nonce))
        return identity["value"]

    monkeypatch.setattr(sso, "authenticate_with_code", with_code)
    monkeypatch.setattr(sso, "authenticate_with_id_token", with_id_token)
    return calls, identity


CODE_FORM = {"code": "abc", "code_verifier": "v" * 43, "redirect_uri": "vn.motcua:/cb",
             "nonce": "n1"}


async def test_code_sign_in_creates_person_session_and_working_tokens(client, fake_sso, caplog):
    calls, _ = fake_sso
    caplog.set_level(logging.INFO)  # (library DEBUG logs echo SQL parameters)
    caplog.set_level(logging.DEBUG, logger="motcua")
    r = await client.post("/v1/auth/sso", json=CODE_FORM,
                          headers={"User-Agent": "MotCua/1.4 (iPhone; iOS 18.1)"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert calls == [("code", "abc", "v" * 43, "vn.motcua:/cb", "n1")]
    assert body["token_type"] == "Bearer" and body["expires_in"] == 600
    assert body["refresh_token"].startswith("rt_")
    assert body["person"]["full_name"] == "Lê Văn Cường"
    assert body["person"]["id_number_masked"] == "0010*****345"
    assert ID_NUMBER not in r.text

    person = await Person.select().where(Person.id_number == ID_NUMBER).first()
    assert str(person["id"]) == body["person"]["id"] and person["phone"] == "0987654321"
    session = await AuthSession.select().where(AuthSession.person == person["id"]).first()
    assert str(session["id"]) == body["session_id"]
    assert session["client"] == "MotCua/1.4 (iPhone; iOS 18.1)"
    # Only the hash of the refresh token is stored.
    stored = await RefreshToken.select(RefreshToken.token_hash).where(
        RefreshToken.session == session["id"])
    assert len(stored) == 1 and stored[0]["token_hash"] != body["refresh_token"]

    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["id"] == body["person"]["id"]

    audit = await AuditEvent.select().where(AuditEvent.action == "auth.sign_in")
    assert [a["actor_id"] for a in audit] == [str(person["id"])]
    assert ID_NUMBER not in caplog.text


def id_token(jti: str) -> str:
    """A token-shaped string for the faked verification (each sign-in needs its own token)."""
    return jwt.encode({"exp": int(time.time()) + 300, "jti": jti}, "not-checked-here" * 2,
                      algorithm="HS256")


async def test_second_sign_in_finds_the_same_person_and_updates_details(client, fake_sso):
    _, identity = fake_sso
    first = (await client.post("/v1/auth/sso", json={"id_token": id_token("first"),
                                                      "nonce": "n"})).json()
    identity["value"] = dataclasses.replace(identity["value"], full_name="Lê Văn Cường Mới",
                                            phone="")
    second = await client.post("/v1/auth/sso", json={"id_token": id_token("second"),
                                                     "nonce": "n"})
    assert second.status_code == 200, second.text
    assert second.json()["person"]["id"] == first["person"]["id"]
    assert second.json()["session_id"] != first["session_id"]
    person = await Person.select().where(Person.id_number == ID_NUMBER).first()
    assert person["full_name"] == "Lê Văn Cường Mới"
    assert person["phone"] == "0987654321"  # an empty claim does not erase what we know
    assert await Person.count() == 1


@pytest.mark.parametrize("payload", [
    {},
    {"code": "abc", "code_verifier": "v" * 43},
    {"id_token": "x.y.z"},
    {**CODE_FORM, "id_token": "x.y.z"},
    {"id_token": "x.y.z", "nonce": "n", "surprise": 1},
])
async def test_not_exactly_one_form_is_a_validation_problem(client, fake_sso, payload):
    calls, _ = fake_sso
    r = await client.post("/v1/auth/sso", json=payload)
    assert r.status_code in (400, 422), r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"].endswith(("/validation-failed", "/bad-request"))
    assert calls == [] and await Person.count() == 0


async def test_officer_claim_maps_to_role_and_agency(client, fake_sso, settings):
    _, identity = fake_sso
    await agency_id("000.00.01.H22")
    identity["value"] = dataclasses.replace(identity["value"],
                                            officer_claim="officer:000.00.01.H22")
    async with client_with(dataclasses.replace(settings, sso_officer_claim="CanBo")) as other:
        r = await other.post("/v1/auth/sso", json=CODE_FORM)
        assert r.status_code == 200, r.text
        assert r.json()["person"]["role"] == "officer"
        assert r.json()["person"]["agency"]["unit_code"] == "000.00.01.H22"
        # The claim is authoritative: signing in without it makes the person a citizen again.
        identity["value"] = dataclasses.replace(identity["value"], officer_claim=None)
        again = await other.post("/v1/auth/sso", json=CODE_FORM)
        assert again.json()["person"]["role"] == "citizen"
        assert again.json()["person"]["agency"] is None


async def test_refused_identity_creates_nothing(client, monkeypatch):
    async def refuse(id_token, nonce, settings):
        raise sso.InvalidIdToken()

    monkeypatch.setattr(sso, "authenticate_with_id_token", refuse)
    r = await client.post("/v1/auth/sso", json={"id_token": "x.y.z", "nonce": "n"})
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert await Person.count() == 0 and await AuthSession.count() == 0
