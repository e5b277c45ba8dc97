"""Fee computation, as a table: per copy and per copy from the n-th, per page with a cap and a
multiplier, category exemptions and category lines, validity windows opening and closing at
midnight in Viet Nam, the level-2 VNeID waiver, and the counter price beside the online one.
Amounts are whole đồng. The seeded demo schedules are the rules in force in December 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import pytest_asyncio

from catalogue import fees
from catalogue.fee_rules import Applicant, price_line
from catalogue.queries import find_service
from catalogue.seed import seed_demo

DEC_2026 = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
LEVEL_2 = Applicant(assurance_level=2)


@pytest_asyncio.fixture
async def schedules(db):
    await seed_demo()

    async def of(code: str) -> list[dict]:
        return await fees.load_schedule((await find_service(code))["id"])
    return of


def total(schedule, channel="online", at=DEC_2026, applicant=None, **form) -> int:
    return fees.quote(schedule, channel, at, applicant, form)["total"]


@pytest.mark.parametrize(("code", "form", "applicant", "channel", "expected"), [
    # Finding: 3 copies of a civil-status extract at 8,000 a copy (Circular 281/2016).
    ("HN.HT.004", {"so_ban": 3}, None, "online", 24_000),
    ("HN.HT.004", {"so_ban": 1}, None, "online", 8_000),
    ("HN.HT.004", {"so_ban": 3}, Applicant("poor_household"), "online", 0),  # exempt
    ("HN.HT.004", {"so_ban": 3}, Applicant("student"), "online", 24_000),  # not a category here
    # Finding: 3 pages, 2 copies: (2,000 + 2,000 + 1,000) × 2 (Circular 226/2016).
    ("HN.CT.001", {"so_trang": 3, "so_ban": 2}, None, "counter", 10_000),
    ("HN.CT.001", {"so_trang": 1, "so_ban": 1}, None, "counter", 2_000),
    ("HN.CT.001", {"so_trang": 500, "so_ban": 2}, None, "counter", 400_000),  # 200,000 a copy cap
    # Judicial record: 200,000, from the 3rd certificate 5,000 each; students 100,000.
    ("HN.TP.001", {"so_luong": 2}, None, "online", 200_000),
    ("HN.TP.001", {"so_luong": 4}, None, "online", 210_000),
    ("HN.TP.001", {"so_luong": 3}, Applicant("student"), "online", 105_000),
    ("HN.TP.001", {"so_luong": 1}, Applicant("meritorious"), "online", 0),
    # Permanent residence: 20,000 at the counter, 10,000 online (Circular 75/2022).
    ("DN.CT.001", {}, None, "counter", 20_000),
    ("DN.CT.001", {}, None, "online", 10_000),
    ("DN.CT.002", {}, None, "online", 7_000),
    # Circular 117/2026: a level-2 VNeID account filing online pays nothing; level 1 does.
    ("DN.CT.001", {}, LEVEL_2, "online", 0),
    ("DN.CT.001", {}, Applicant(assurance_level=1), "online", 10_000),
    ("DN.CT.001", {}, LEVEL_2, "counter", 20_000),
    # Enterprise registration: online free (47/2019); counter 50% off until 2027 (64/2025).
    ("HCM.DN.001", {}, None, "online", 100_000),
    ("HCM.DN.001", {}, None, "counter", 125_000),
    # Circular 63/2023's online reductions ended 31 Dec 2025.
    ("DN.GT.001", {}, None, "online", 135_000),
    ("DN.XNC.001", {}, None, "online", 200_000),
    ("HN.HT.001", {}, None, "online", 0),  # on-time birth registration is free
])
async def test_seeded_rules_priced(schedules, code, form, applicant, channel, expected):
    assert total(await schedules(code), channel, applicant=applicant, **form) == expected


def _at(local: str) -> datetime:
    """A moment given in Vietnam time, as the UTC the server stores."""
    return datetime.fromisoformat(local + "+07:00").astimezone(UTC)


@pytest.mark.parametrize(("code", "local_time", "applicant", "channel", "expected"), [
    # 64/2025's 50% closes at midnight Vietnam time after 31 Dec 2026 (17:00 UTC).
    ("HCM.DN.001", "2026-12-31T23:59:59", None, "counter", 125_000),
    ("HCM.DN.001", "2027-01-01T00:00:00", None, "counter", 150_000),
    # …and opened at midnight on 1 Jul 2025.
    ("HCM.DN.001", "2025-06-30T23:59:59", None, "counter", 150_000),
    ("HCM.DN.001", "2025-07-01T00:00:00", None, "counter", 125_000),
    # 117/2026 opens at 00:00 on 15 Aug 2026 and closes at 00:00 on 1 Mar 2027.
    ("DN.CT.001", "2026-08-14T23:59:59", LEVEL_2, "online", 10_000),
    ("DN.CT.001", "2026-08-15T00:00:00", LEVEL_2, "online", 0),
    ("DN.CT.001", "2027-02-28T23:59:59", LEVEL_2, "online", 0),
    ("DN.CT.001", "2027-03-01T00:00:00", LEVEL_2, "online", 10_000),
    # 63/2023's online rate: the last day of 2025 still had it, the first of 2026 not.
    ("DN.GT.001", "2025-12-31T23:59:59", None, "online", 115_000),
    ("DN.GT.001", "2026-01-01T00:00:00", None, "online", 135_000),
])
async def test_windows_open_and_close_at_midnight_in_vietnam(schedules, code, local_time,
                                                             applicant, channel, expected):
    at = _at(local_time)
    assert at.tzinfo is UTC  # the moment is UTC; the window is read in local days
    assert total(await schedules(code), channel, at, applicant) == expected


async def test_counter_price_shown_beside_the_online_one(schedules):
    quote = fees.compared(await schedules("DN.CT.001"), "online", DEC_2026)
    [line] = quote["lines"]
    assert (line["amount"], line["counter_amount"]) == (10_000, 20_000)
    assert quote["comparison"] == {"online_total": 10_000, "counter_total": 20_000,
                                   "online_saving": 10_000}
    assert "75/2022" in line["adjustment"]["legal_basis_vi"]
    assert "75/2022" in line["legal_basis_en"] and line["reason_en"].endswith("due 10,000 VND")
    same = fees.compared(await schedules("HN.TP.001"), "online", DEC_2026)
    assert same["comparison"]["online_saving"] == 0


async def test_each_line_says_why_in_both_languages(schedules):
    quote = fees.quote(await schedules("HN.CT.001"), "counter", DEC_2026, None,
                       {"so_trang": 3, "so_ban": 2})
    [line] = quote["lines"]
    assert (line["units"], line["multiples"], line["unit"]) == (3, 2, "page")
    assert line["reason_vi"].startswith("10.000 ₫ cho 3 trang × 2 bản")
    assert "226/2016" in line["reason_vi"] and "Circular 226/2016" in line["reason_en"]


def test_most_favourable_adjustment_applies_once():
    line = {"code": "x", "name_vi": "x", "name_en": "x", "kind": "le_phi", "base_amount": 100,
            "exempt_categories": [], "overrides": [
                {"code": "a", "channel": "online", "kind": "percent_off", "percent": 50},
                {"code": "b", "channel": "", "kind": "unit_amount", "amount": 70},
                {"code": "c", "channel": "online", "kind": "waive", "categories": ["student"]},
            ]}
    online = price_line(line, {}, "online", Applicant(), date(2026, 12, 7))
    assert (online["amount"], online["adjustment"]["code"]) == (50, "a")  # not 50% of 70
    counter = price_line(line, {}, "counter", Applicant(), date(2026, 12, 7))
    assert counter["amount"] == 70
    student = price_line(line, {}, "online", Applicant("student"), date(2026, 12, 7))
    assert student["amount"] == 0


async def test_catalogue_quote_endpoint_takes_copies_pages_and_level(client, schedules):
    await schedules("HN.CT.001")
    answer = await client.get("/v1/services/HN.CT.001/fee-quote",
                              params={"pages": 3, "copies": 2, "channel": "counter"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == 10_000
    waived = await client.get("/v1/services/DN.CT.001/fee-quote",
                              params={"assurance_level": 2, "on_date": "2026-12-07"})
    assert waived.json()["total"] == 0
    assert waived.json()["comparison"]["counter_total"] == 20_000
    bad = await client.get("/v1/services/HN.CT.001/fee-quote", params={"pages": 0})
    assert bad.status_code == 422
