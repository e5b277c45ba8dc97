"""Filters by level, agency and field; cursor pages cover the catalogue exactly once; bad
parameters are refused with a problem that names the parameter."""

from __future__ import annotations

import pytest
import pytest_asyncio

from catalogue.seed import seed_demo
from models.catalogue import Service


@pytest_asyncio.fixture
async def seeded(client):
    await seed_demo()
    return client


async def items(client, **params) -> list[dict]:
    response = await client.get("/v1/services", params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_level_filter(seeded):
    partial = await items(seeded, level="partial")
    full = await items(seeded, level="full_process")
    assert partial and full
    assert {i["level"] for i in partial} == {"partial"}
    assert {i["level"] for i in full} == {"full_process"}
    assert len(partial) + len(full) == len(await items(seeded))


async def test_agency_and_field_filters(seeded):
    police = await items(seeded, agency="000.00.05.H17")
    assert {i["code"] for i in police} == {"DN.GT.001", "DN.XNC.001", "DN.CT.001", "DN.CT.002"}
    assert {i["agency"]["name"] for i in police} == {"Công an thành phố Đà Nẵng"}
    civil = await items(seeded, field="ho_tich", agency="000.00.01.H22")
    assert {i["code"] for i in civil} == {"HN.HT.001", "HN.HT.002", "HN.HT.003", "HN.HT.004"}
    assert await items(seeded, agency="999.99.99.H99") == []


async def test_cursor_pages_walk_everything_once(seeded):
    everything = [i["code"] for i in await items(seeded)]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        body = (await seeded.get("/v1/services", params=params)).json()
        seen += [i["code"] for i in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    assert len(set(seen)) == len(seen) >= 12
    assert pages == -(-len(everything) // 4)


async def test_inactive_services_are_not_listed(seeded):
    await Service.update({Service.active: False}).where(Service.code == "HN.HT.001")
    assert "HN.HT.001" not in {i["code"] for i in await items(seeded)}
    assert (await seeded.get("/v1/services/HN.HT.001")).status_code == 404


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"cursor": "not-a-cursor!"}, "cursor"),
        ({"cursor": "WzEsMl0"}, "cursor"),  # base64 of [1,2]: well-formed, not ours
        ({"level": "level4"}, "level"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
    ],
)
async def test_bad_parameters_are_named_in_the_problem(seeded, params, parameter):
    response = await seeded.get("/v1/services", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("/validation-failed")
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    assert body["errors"][0]["in"] == "query"
