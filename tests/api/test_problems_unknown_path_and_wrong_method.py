"""Requests the API cannot route still get problem+json with a stable type and a request id."""

from core.problems import TYPE_BASE


async def test_unknown_path_is_not_found_problem(client):
    r = await client.get("/v1/no-such-thing")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == TYPE_BASE + "not-found"
    assert body["status"] == 404 and body["instance"] == "/v1/no-such-thing"
    assert body["request_id"] == r.headers["x-request-id"]


async def test_wrong_method_on_healthz_is_method_not_allowed_with_allow_header(client):
    r = await client.post("/healthz", json={})
    assert r.status_code == 405
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == TYPE_BASE + "method-not-allowed"
    assert "GET" in r.headers["allow"]


async def test_incoming_request_id_is_echoed_when_safe_and_replaced_when_not(client):
    r = await client.get("/v1/no-such-thing", headers={"X-Request-ID": "mobile-42.abc"})
    assert r.headers["x-request-id"] == "mobile-42.abc" == r.json()["request_id"]
    r = await client.get("/v1/no-such-thing", headers={"X-Request-ID": "<script>"})
    assert r.headers["x-request-id"] != "<script>" and len(r.headers["x-request-id"]) == 32
