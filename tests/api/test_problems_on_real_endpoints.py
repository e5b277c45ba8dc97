"""The service's own endpoints answer bad input and missing sign-in with the same problem+json
shapes, in the client's language."""

from core.problems import TYPE_BASE


async def test_bad_query_parameter_names_the_parameter(client):
    r = await client.get("/v1/services", params={"limit": "many"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == TYPE_BASE + "validation-failed"
    assert [(e["parameter"], e["in"]) for e in body["errors"]] == [("limit", "query")]


async def test_wrongly_typed_body_field_is_pointed_at(client):
    r = await client.post("/v1/auth/sso", json={"id_token": 5, "nonce": "n"},
                          headers={"Accept-Language": "en"})
    assert r.status_code == 422
    body = r.json()
    assert body["title"] == "Invalid data" and r.headers["content-language"] == "en"
    assert [e["pointer"] for e in body["errors"]] == ["/id_token"]


async def test_cut_off_json_is_a_malformed_body(client):
    r = await client.post("/v1/auth/sso", content=b'{"id_token": "ey',
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["type"] == TYPE_BASE + "malformed-body"


async def test_missing_sign_in_is_unauthenticated(client):
    r = await client.get("/v1/me")
    assert r.status_code == 401
    assert r.json()["type"] == TYPE_BASE + "unauthenticated"
    assert r.json()["title"] == "Chưa đăng nhập"
