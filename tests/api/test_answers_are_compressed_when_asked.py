"""Answers are compressed when the client asks — brotli when it accepts it, else gzip — and go
as they are otherwise; small answers and the event stream (each event must leave at once) are
never compressed."""

from __future__ import annotations

import gzip

import brotli
import httpx
from auth_helpers import sign_in_tokens
from live_support import EventStream, serving

URL = "/v1/addresses/communes?province=01"


async def _raw(client, encoding: str | None, url: str = URL) -> httpx.Response:
    """The answer's bytes as sent (httpx would undo the compression), through a client of its
    own on the same app (the suite's checked one reads each body itself)."""
    app = client._transport.app  # type: ignore[attr-defined]
    headers = {"Accept-Encoding": encoding} if encoding else {"Accept-Encoding": "identity"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as raw:
        response = await raw.send(raw.build_request("GET", url, headers=headers), stream=True)
        response._content = b"".join([chunk async for chunk in response.aiter_raw()])
        await response.aclose()
    return response


async def test_brotli_gzip_or_nothing_as_asked(client):
    plain = await _raw(client, None)
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    br = await _raw(client, "gzip, deflate, br")
    assert br.headers["content-encoding"] == "br"
    assert brotli.decompress(br.content) == plain.content
    gz = await _raw(client, "gzip")
    assert gz.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain.content
    assert len(br.content) < len(plain.content) / 3
    assert "accept-encoding" in br.headers["vary"].lower()
    # httpx, like an app's HTTP library, undoes it by itself.
    decoded = await client.get(URL, headers={"Accept-Encoding": "br"})
    assert decoded.json()["province"]["code"] == "01"


async def test_small_answers_go_as_they_are(client):
    small = await _raw(client, "br, gzip", "/healthz")
    assert small.status_code == 200 and "content-encoding" not in small.headers


async def test_the_event_stream_is_not_compressed(client, settings):
    me = await sign_in_tokens(client)
    headers = {"Authorization": f"Bearer {me.access_token}", "Accept-Encoding": "br, gzip"}
    async with serving(settings) as base_url:
        async with EventStream.open(base_url, headers) as stream:
            assert "content-encoding" not in stream.response.headers
            from notifications.live import publish_to_person

            await publish_to_person(me.person_id, {"id": "n-1", "kind": "dossier.received"})
            assert (await stream.next_event()).id == "n-1"
