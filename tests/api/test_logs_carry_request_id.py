"""Every log line written while serving a request carries that request's id, also the traceback
of a handler's uncaught exception, which goes through the scrubbing formatter."""

import io
import json
import logging

import httpx
import pytest
from litestar import Litestar, get

from api.errors import EXCEPTION_HANDLERS
from api.middleware import request_id_middleware
from core.logs import configure_logging

log = logging.getLogger("motcua.test.orders")


@get("/work")
async def work() -> dict:
    log.info("looking things up")
    log.warning("slow lookup for phone 0912345678")
    return {"ok": True}


@get("/crash")
async def crash() -> dict:
    log.info("about to fail")
    raise KeyError("citizen 001099012345")


@pytest.fixture
def captured():
    """Install the service's logging configuration, writing to a buffer; restore afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()

    def configure(as_json: bool) -> io.StringIO:
        configure_logging("INFO", as_json)
        root.handlers[0].setStream(stream)
        return stream

    yield configure
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


async def _call(path: str, request_id: str) -> httpx.Response:
    app = Litestar([work, crash], exception_handlers=EXCEPTION_HANDLERS, logging_config=None)
    app.asgi_handler = request_id_middleware(app.asgi_handler)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await http.get(path, headers={"X-Request-ID": request_id})


def _ours(stream: io.StringIO) -> list[str]:
    # httpx (the test's client) logs too, but outside the app; keep the app's lines only.
    return [line for line in stream.getvalue().splitlines() if "httpx" not in line]


async def test_plain_log_lines_carry_the_request_id(captured):
    stream = captured(as_json=False)
    await _call("/work", "req-plain-1")
    lines = _ours(stream)
    assert len(lines) == 2
    assert all("[req-plain-1]" in line for line in lines)
    assert "0912345678" not in stream.getvalue()


async def test_json_log_lines_carry_the_request_id(captured):
    stream = captured(as_json=True)
    await _call("/work", "req-json-1")
    entries = [json.loads(line) for line in _ours(stream)]
    assert [e["message"] for e in entries] == ["looking things up", "slow lookup for phone [phone]"]
    assert {e["request_id"] for e in entries} == {"req-json-1"}


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
async def test_uncaught_exception_logs_a_scrubbed_traceback_with_the_request_id(captured, as_json):
    stream = captured(as_json=as_json)
    r = await _call("/crash", "req-crash-1")
    assert r.status_code == 500
    output = stream.getvalue()
    assert "Traceback" in output and "KeyError" in output
    assert "001099012345" not in output and "[id-number]" in output
    error_lines = [line for line in _ours(stream) if "unhandled error" in line]
    assert error_lines and all("req-crash-1" in line for line in error_lines)
