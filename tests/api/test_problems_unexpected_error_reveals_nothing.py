"""A bug in a handler answers a bare 500 problem: no traceback, message or path of the server,
but a request id that finds the logged traceback."""

import logging

import httpx
from litestar import Litestar, get

from api.errors import EXCEPTION_HANDLERS
from api.middleware import request_id_middleware
from core.problems import TYPE_BASE

SECRET = "password=hunter2 at /srv/motcua/settings.py"


@get("/explode")
async def explode() -> dict:
    raise RuntimeError(SECRET)


async def test_unexpected_exception_is_a_bare_internal_error(caplog):
    app = Litestar([explode], exception_handlers=EXCEPTION_HANDLERS, logging_config=None)
    app.asgi_handler = request_id_middleware(app.asgi_handler)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="motcua.errors"):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            r = await http.get("/explode", headers={"Accept-Language": "en"})
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == TYPE_BASE + "internal-error"
    assert body["title"] == "Internal error"
    assert "hunter2" not in r.text and "RuntimeError" not in r.text and "Traceback" not in r.text
    assert set(body) == {"type", "title", "status", "instance", "request_id"}
    # The operator still gets the whole story in the log, tied to the same request id.
    [record] = [rec for rec in caplog.records if rec.name == "motcua.errors"]
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert r.headers["x-request-id"] == body["request_id"]
