"""A service's detail: what the app needs to show, in the client's language, with an ETag that
answers If-None-Match and changes when the service does."""

from __future__ import annotations

from dataclasses import replace

import pytest_asyncio

from catalogue.seed import seed_demo
from models.catalogue import Service
from tests.auth_helpers import client_with


@pytest_asyncio.fixture
async def seeded(client):
    await seed_demo()
    return client


async def test_detail_shows_steps_documents_and_form(seeded):
    response = await seeded.get("/v1/services/DN.XNC.001")
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == "partial"
    assert "vân tay" in body["partial_reason"]
    assert body["postal_eligible"] is False
    assert body["online_steps"]["fee_payment"] is True
    assert body["agency"]["unit_code"] == "000.00.05.H17"
    photo = next(d for d in body["required_documents"] if d["slot"] == "anh_chan_dung")
    assert photo["mandatory"] is True and photo["accepted_types"] == ["image/jpeg", "image/png"]
    assert body["form_schema"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    birth = (await seeded.get("/v1/services/HN.HT.001")).json()
    assert birth["processing_time"]["afternoon_cutoff"] is True
    assert birth["partial_reason"] is None


async def test_accept_language_en_gives_english_names(seeded):
    en = (await seeded.get("/v1/services/HN.HT.001", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    vi = (await seeded.get("/v1/services/HN.HT.001"))
    assert en.json()["name"] == "Birth registration"
    assert en.json()["field"]["name"] == "Civil status"
    assert vi.json()["name"] == "Đăng ký khai sinh"
    assert en.headers["etag"] != vi.headers["etag"]
    listed = (await seeded.get("/v1/services", params={"q": "khai sinh"},
                               headers={"Accept-Language": "en"})).json()
    assert listed["items"][0]["name"] == "Birth registration"


async def test_if_none_match_gives_304(seeded):
    first = await seeded.get("/v1/services/HN.TP.001")
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    for header in (etag, f'"other", W/{etag}', "*"):
        again = await seeded.get("/v1/services/HN.TP.001", headers={"If-None-Match": header})
        assert again.status_code == 304, header
        assert again.content == b"" and again.headers["etag"] == etag
    stale = await seeded.get("/v1/services/HN.TP.001", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200


async def test_list_has_etag_too(seeded):
    first = await seeded.get("/v1/services", params={"level": "partial"})
    again = await seeded.get("/v1/services", params={"level": "partial"},
                             headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


async def test_changed_service_gets_a_new_etag(db, settings):
    # With the in-memory answers off, a change shows at once (the cache has its own tests:
    # test_catalogue_answers_kept_in_memory_for_a_short_while.py).
    await seed_demo()
    async with client_with(replace(settings, catalogue_cache_seconds=0)) as client:
        before = (await client.get("/v1/services/HN.TP.001")).headers["etag"]
        await Service.update({Service.processing_days: 7}).where(Service.code == "HN.TP.001")
        after = await client.get("/v1/services/HN.TP.001", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before
    assert after.json()["processing_time"]["days"] == 7


async def test_unknown_code_is_404_problem(seeded):
    response = await seeded.get("/v1/services/KHONG.CO")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/not-found")


async def test_agencies_and_fields(seeded):
    agencies = (await seeded.get("/v1/agencies")).json()
    fields = (await seeded.get("/v1/fields", headers={"Accept-Language": "en"})).json()
    assert len(agencies) >= 4 and {a["province_code"] for a in agencies} >= {"01", "79", "48"}
    assert {"code": "ho_tich", "name": "Civil status"} in fields
