"""A body or parameter that does not fit the handler's types is a 422 whose `errors` point at
the offending field (RFC 6901 pointer into the JSON body, or the parameter's name).

The app here is built from the service's own error handlers and request-id middleware, with
handlers whose inputs cover nested structs, lists and query parameters."""

import httpx
import msgspec
import pytest
from litestar import Litestar, get, post
from litestar.params import FromQuery, JSONBody

from api.errors import EXCEPTION_HANDLERS
from api.middleware import request_id_middleware
from core.problems import TYPE_BASE


class Line(msgspec.Struct):
    name: str
    count: int
    tags: list[int] = []


class Order(msgspec.Struct):
    lines: list[Line]


@post("/orders")
async def create_order(data: JSONBody[Order]) -> dict:
    return {"lines": len(data.lines)}


@get("/orders")
async def list_orders(limit: FromQuery[int]) -> dict:
    return {"limit": limit}


@pytest.fixture
async def http():
    app = Litestar(
        [create_order, list_orders], exception_handlers=EXCEPTION_HANDLERS, logging_config=None
    )
    app.asgi_handler = request_id_middleware(app.asgi_handler)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _post(http, raw: bytes) -> httpx.Response:
    return await http.post("/orders", content=raw, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("raw", "pointer"),
    [
        (b'{"lines": [{"name": "a", "count": "two"}]}', "/lines/0/count"),
        (b'{"lines": [{"name": "a", "count": 1}, {"name": "b"}]}', "/lines/1/count"),
        (b'{"lines": [{"name": "a", "count": 1, "tags": [1, "x"]}]}', "/lines/0/tags/1"),
        (b'{"lines": "none"}', "/lines"),
        (b'{}', "/lines"),
        (b"[]", ""),
    ],
)
async def test_body_error_points_at_the_field(http, raw, pointer):
    r = await _post(http, raw)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == TYPE_BASE + "validation-failed"
    assert [e["pointer"] for e in body["errors"]] == [pointer]
    assert all(e["detail"] for e in body["errors"])


async def test_missing_body_is_a_validation_problem_at_the_root(http):
    r = await _post(http, b"")
    assert r.status_code == 422
    assert r.json()["errors"] == [{"pointer": "", "detail": "Cần gửi nội dung JSON."}]
    r = await http.post("/orders", content=b"", headers={"Content-Type": "application/json",
                                                         "Accept-Language": "en"})
    assert r.json()["errors"] == [{"pointer": "", "detail": "A JSON body is required"}]


async def test_malformed_json_is_its_own_problem(http):
    r = await _post(http, b'{"lines": [')
    assert r.status_code == 400
    assert r.json()["type"] == TYPE_BASE + "malformed-body"
    assert r.json()["title"] == "Không đọc được nội dung yêu cầu"


async def test_bad_and_missing_query_parameters_are_named(http):
    bad = await http.get("/orders", params={"limit": "ten"})
    assert bad.status_code == 422
    [error] = bad.json()["errors"]
    assert (error["parameter"], error["in"]) == ("limit", "query")
    missing = await http.get("/orders")
    assert missing.status_code == 422
    [error] = missing.json()["errors"]
    assert (error["parameter"], error["in"]) == ("limit", "query")


async def test_a_valid_request_still_goes_through(http):
    r = await _post(http, b'{"lines": [{"name": "a", "count": 2}]}')
    assert r.status_code == 201 and r.json() == {"lines": 1}
