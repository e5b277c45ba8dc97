"""Catalogue reads are answered from memory for `catalogue_cache_seconds` (api/response_cache.py):
a change to the catalogue shows once that time has passed; the language, the day and
If-None-Match still decide the answer; the store cannot grow without bound."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from api.response_cache import BoundedMemoryStore
from catalogue.seed import seed_demo
from models.catalogue import Service
from tests.auth_helpers import client_with


async def test_a_change_shows_once_the_kept_answer_expires(db, settings):
    await seed_demo()
    async with client_with(replace(settings, catalogue_cache_seconds=1)) as client:
        first = await client.get("/v1/services", params={"q": "ly lich tu phap"})
        await Service.update({Service.name_vi: "Cấp Phiếu lý lịch tư pháp (mới)"}).where(
            Service.code == "HN.TP.001")
        kept = await client.get("/v1/services", params={"q": "ly lich tu phap"})
        assert kept.content == first.content  # answered from memory: the query did not run
        await asyncio.sleep(1.2)
        fresh = await client.get("/v1/services", params={"q": "ly lich tu phap"})
    assert fresh.headers["etag"] != first.headers["etag"]
    assert fresh.json()["items"][0]["name"].endswith("(mới)")


async def test_language_and_if_none_match_still_decide(db, settings):
    await seed_demo()
    async with client_with(replace(settings, catalogue_cache_seconds=60)) as client:
        vi = await client.get("/v1/services/HN.HT.001")
        en = await client.get("/v1/services/HN.HT.001", headers={"Accept-Language": "en"})
        vi_again = await client.get("/v1/services/HN.HT.001")
        en_again = await client.get("/v1/services/HN.HT.001", headers={"Accept-Language": "en"})
        not_modified = await client.get("/v1/services/HN.HT.001",
                                        headers={"If-None-Match": vi.headers["etag"]})
        stale_tag = await client.get("/v1/services/HN.HT.001",
                                     headers={"If-None-Match": '"not-this-one"'})
    assert vi.json()["name"] == vi_again.json()["name"] == "Đăng ký khai sinh"
    assert en.json()["name"] == en_again.json()["name"] == "Birth registration"
    assert en_again.headers["content-language"] == "en"
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert stale_tag.status_code == 200 and stale_tag.content == vi.content
    # Each answer carries its own request id, kept answers too.
    assert vi.headers["x-request-id"] != vi_again.headers["x-request-id"]


async def test_nothing_is_kept_when_turned_off(db, settings):
    await seed_demo()
    async with client_with(replace(settings, catalogue_cache_seconds=0)) as client:
        await client.get("/v1/services/HN.HT.001")
        await Service.update({Service.processing_days: 9}).where(Service.code == "HN.HT.001")
        after = await client.get("/v1/services/HN.HT.001")
    assert after.json()["processing_time"]["days"] == 9


async def test_the_store_keeps_at_most_its_limit_oldest_out_first():
    store = BoundedMemoryStore(max_entries=3)
    for n in range(5):
        await store.set(f"k{n}", b"v", expires_in=60)
    assert [await store.get(f"k{n}") for n in range(5)] == [None, None, b"v", b"v", b"v"]
