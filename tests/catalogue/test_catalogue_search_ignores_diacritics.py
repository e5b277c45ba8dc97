"""A citizen typing without Vietnamese accents, in capitals or with đ still finds the service."""

from __future__ import annotations

import pytest
import pytest_asyncio

from catalogue.search import fold, query_words
from catalogue.seed import seed_demo


@pytest_asyncio.fixture
async def seeded(client):
    await seed_demo()
    return client


def test_folding_removes_marks_and_maps_d_stroke():
    assert fold("Giấy phép lái xe") == "giay phep lai xe"
    assert fold("ĐĂNG KÝ Thường trú") == "dang ky thuong tru"
    assert fold("đ Đ") == "d d"
    assert query_words("  Đăng-ký, 1.001193 50%_") == ["dang", "ky", "1.001193", "50"]


async def codes(client, q: str) -> set[str]:
    response = await client.get("/v1/services", params={"q": q, "limit": 100})
    assert response.status_code == 200, response.text
    return {item["code"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("giay phep lai xe", {"DN.GT.001"}),
        ("Giấy phép lái xe", {"DN.GT.001"}),
        ("GIAY PHEP LAI XE", {"DN.GT.001"}),
        ("dang ky khai sinh", {"HN.HT.001"}),
        ("ĐĂNG KÝ KHAI SINH", {"HN.HT.001"}),
        ("đăng ký thường trú", {"DN.CT.001"}),
        ("1.001193", {"HN.HT.001"}),
        ("driving licence", {"DN.GT.001"}),
    ],
)
async def test_search_without_accents_finds_the_service(seeded, query, expected):
    assert await codes(seeded, query) == expected


async def test_dang_ky_finds_every_registration(seeded):
    found = await codes(seeded, "dang ky")
    assert {"HN.HT.001", "HN.HT.002", "HN.HT.003", "DN.CT.001", "DN.CT.002"} <= found
    assert "HN.TP.001" not in found  # judicial record: no "đăng ký" in its names


async def test_every_word_must_match(seeded):
    assert await codes(seeded, "dang ky xe") == set()
    assert await codes(seeded, "khai tu dang ky") == {"HN.HT.003"}
