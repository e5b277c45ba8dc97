"""List pages — a citizen's dossiers, the inbox, an officer's queue — carry an ETag; sending it
back gives 304 until the page changes. They are private: caches must not share them."""

from __future__ import annotations

from cache_support import eventually

from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.postal_support import drain


async def _etag_then_304(client, url, headers) -> str:
    first = await client.get(url, headers=headers)
    assert first.status_code == 200, first.text
    etag = first.headers["etag"]
    assert "private" in first.headers["cache-control"]
    assert "Authorization" in first.headers["vary"]
    again = await client.get(url, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    return etag


async def test_list_pages_answer_304_until_they_change(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, JUDICIAL)
    pages = {"/v1/dossiers": citizen, "/v1/notifications": citizen,
             "/v1/officer/dossiers": officer}
    tags = {url: await _etag_then_304(client, url, headers) for url, headers in pages.items()}

    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    for url, headers in pages.items():
        async def changed(url=url, headers=headers) -> bool:
            answer = await client.get(url, headers={**headers, "If-None-Match": tags[url]})
            return answer.status_code == 200 and answer.headers["etag"] != tags[url]

        # The inbox's notices are written by jobs that run after the commit.
        await drain(client)
        await eventually(changed)
    # The language is part of what is tagged.
    vi = await client.get("/v1/dossiers", headers=citizen)
    en = await client.get("/v1/dossiers", headers={**citizen, "Accept-Language": "en",
                                                   "If-None-Match": vi.headers["etag"]})
    assert en.status_code == 200 and en.headers["etag"] != vi.headers["etag"]
