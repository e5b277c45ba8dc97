"""The fee that applies: categories, copies, channel overrides with validity windows, free
services. Amounts are whole đồng."""

from __future__ import annotations

from datetime import date

import pytest
import pytest_asyncio

from catalogue.fees import quote_fees
from catalogue.queries import find_service
from catalogue.seed import seed_demo
from core.problems import ValidationFailed


@pytest_asyncio.fixture
async def seeded(client):
    await seed_demo()
    return client


async def total(code: str, **kwargs) -> int:
    service = await find_service(code)
    return (await quote_fees(service["id"], **kwargs))["total"]


async def test_judicial_record_student_and_copies(seeded):
    assert await total("HN.TP.001") == 200_000
    assert await total("HN.TP.001", category="student") == 100_000
    assert await total("HN.TP.001", copies=2) == 200_000
    assert await total("HN.TP.001", copies=3) == 205_000
    assert await total("HN.TP.001", category="student", copies=4) == 110_000
    assert await total("HN.TP.001", category="poor_household") == 0


async def test_online_discount_ended_with_2025(seeded):
    # Circular 63/2023/TT-BTC: 115,000 online until 31 Dec 2025; the base applies afterwards.
    assert await total("DN.GT.001", on_date=date(2025, 12, 31)) == 115_000
    assert await total("DN.GT.001", on_date=date(2026, 1, 1)) == 135_000
    assert await total("DN.GT.001", channel="counter", on_date=date(2025, 6, 1)) == 135_000
    assert await total("DN.XNC.001", on_date=date(2025, 6, 1)) == 180_000
    assert await total("DN.XNC.001", on_date=date(2026, 6, 1)) == 200_000


async def test_certified_copies_are_charged_per_page(seeded):
    assert await total("HN.CT.001", copies=1) == 2_000
    assert await total("HN.CT.001", copies=3) == 6_000


async def test_free_and_online_free_services(seeded):
    birth = await find_service("HN.HT.001")
    quote = await quote_fees(birth["id"])
    assert quote["total"] == 0 and quote["currency"] == "VND"
    # Online enterprise registration pays no registration fee, only the publication fee.
    assert await total("HCM.DN.001") == 100_000
    assert await total("HCM.DN.001", channel="counter") == 150_000


async def test_detail_quotes_online_today(seeded):
    licence = (await seeded.get("/v1/services/DN.GT.001")).json()
    assert licence["fees"]["online_today"]["total"] == 135_000
    (line,) = licence["fees"]["lines"]
    assert line["base_amount"] == 135_000
    assert line["overrides"][0]["valid_until"] == "2025-12-31"
    birth = (await seeded.get("/v1/services/HN.HT.001")).json()
    assert birth["fees"]["online_today"]["total"] == 0


async def test_fee_quote_endpoint(seeded):
    response = await seeded.get("/v1/services/HN.TP.001/fee-quote",
                                params={"category": "student", "copies": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 105_000
    assert body["lines"][0]["copy_surcharge"] == 5_000
    bad = await seeded.get("/v1/services/HN.TP.001/fee-quote", params={"channel": "fax"})
    assert bad.status_code == 422


@pytest.mark.parametrize(("kwargs", "pointer"), [({"channel": "fax"}, "/channel"),
                                                 ({"copies": 0}, "/copies")])
async def test_quote_refuses_bad_input(seeded, kwargs, pointer):
    service = await find_service("HN.TP.001")
    with pytest.raises(ValidationFailed) as caught:
        await quote_fees(service["id"], **kwargs)
    assert caught.value.extra["errors"][0]["pointer"] == pointer
