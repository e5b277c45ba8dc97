"""A JSON body nested thousands of levels deep, or far too large, is refused before anything
decodes it — 422 or 413 problem+json, never a 500 — on the routes that take JSON, the anonymous
sign-in ones included, and nothing is written."""

from __future__ import annotations

import json

import pytest

from api.body_limits import MAX_DEPTH, MAX_JSON_BYTES, json_depth
from models.auth import AuthSession, Person
from models.dossiers import Dossier
from tests.dossier_factories import BIRTH, citizen_headers, draft

DEEP = ("[" * 3000 + "]" * 3000).encode()
DEEP_IN_OBJECT = ('{"form_data": ' + '{"a": ' * 3000 + "1" + "}" * 3000 + "}").encode()


def _refused(answer, status: int = 422) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    return answer.json()


@pytest.mark.parametrize("path", ["/v1/auth/sso", "/v1/auth/refresh"])
async def test_deep_body_on_anonymous_sign_in_routes_is_422(client, path):
    for body in (DEEP, DEEP_IN_OBJECT):
        problem = _refused(await client.post(path, content=body,
                                             headers={"content-type": "application/json"}))
        assert problem["type"].endswith("/validation-failed")
        assert str(MAX_DEPTH) in problem["errors"][0]["detail"]
    assert await AuthSession.count() == 0 and await Person.count() == 0


async def test_deep_body_creating_a_dossier_is_422_and_creates_nothing(client):
    citizen = await citizen_headers(client)
    for body in (DEEP, DEEP_IN_OBJECT):
        _refused(await client.post("/v1/dossiers", content=body,
                                   headers={**citizen, "content-type": "application/json"}))
    # A body sent as text/plain is still decoded as the route's JSON: checked all the same.
    _refused(await client.post("/v1/dossiers", content=DEEP,
                               headers={**citizen, "content-type": "text/plain"}))
    # An Idempotency-Key makes the body hashed as JSON first: refused before that too.
    _refused(await client.post("/v1/dossiers", content=DEEP_IN_OBJECT,
                               headers={**citizen, "content-type": "application/json",
                                        "Idempotency-Key": "deep-1"}))
    assert await Dossier.count() == 0


async def test_deep_form_data_patch_is_422_and_leaves_the_draft(client):
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, BIRTH)
    before = await Dossier.select(Dossier.form_data).where(Dossier.id == body["id"]).first()
    answer = await client.patch(f"/v1/dossiers/{body['id']}", content=DEEP_IN_OBJECT,
                                headers={**citizen, "content-type": "application/json"})
    _refused(answer)
    after = await Dossier.select(Dossier.form_data).where(Dossier.id == body["id"]).first()
    assert after == before


async def test_oversized_json_body_is_413(client):
    citizen = await citizen_headers(client)
    big = json.dumps({"service_code": "x" * (MAX_JSON_BYTES + 10)}).encode()
    problem = _refused(await client.post("/v1/dossiers", content=big,
                                         headers={**citizen, "content-type": "application/json"}),
                       413)
    assert problem["type"].endswith("/payload-too-large")
    assert await Dossier.count() == 0


async def test_ordinary_nesting_passes(client):
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, BIRTH)
    nested = {"form_data": {"noi_sinh": "[{" * 200}}  # brackets inside strings do not count
    answer = await client.patch(f"/v1/dossiers/{body['id']}", json=nested, headers=citizen)
    assert answer.status_code == 422  # too long for the form's maxLength, not too deep
    assert answer.json()["errors"][0]["pointer"] == "/form_data/noi_sinh"


def test_depth_counts_structure_not_strings():
    assert json_depth(b'{"a": [1, {"b": "[[[[{{{{"}]}') == 3
    assert json_depth(b'"\\"[[["') == 0
    assert json_depth(DEEP) == 3000
