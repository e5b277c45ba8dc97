"""Every indicator of stats/indicators.py on a population built by hand, each figure worked out
below from the rows (March 2026, "now" = 1 April 2026 18:00 in Viet Nam)."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import transaction
from models.dossiers import ApologyLetter
from stats import queries, report, rollup
from stats.periods import parse
from stats.recount import verify
from tests.frozen_clock import freeze
from tests.stats_support import at, catalogue, dossier, rate

NOW = at("2026-04-01", 18)


def by_key(answer: dict) -> dict:
    return {f["key"]: f for f in answer["indicators"]}


async def population(ids: dict) -> dict:
    d = {}
    common = dict(state="result_returned", status_code=10)
    d[1] = await dossier(ids, "A-FULL", **common, channel="app", fee_total=20000,
                         paid_online=True, received_at=at("2026-03-03"),
                         due_at=at("2026-03-12", 17), original_due_at=at("2026-03-12", 9),
                         finished_at=at("2026-03-10"), electronic_result=True,
                         reused_documents=True, digitised=True)
    d[2] = await dossier(ids, "A-FULL", **common, channel="portal", fee_total=20000,
                         received_at=at("2026-03-03"), due_at=at("2026-03-12", 17),
                         original_due_at=at("2026-03-12", 9), finished_at=at("2026-03-20"))
    d[3] = await dossier(ids, "A-PART", **common, channel="counter", submission_channel=1,
                         received_at=at("2026-03-02"), due_at=at("2026-03-12", 17),
                         original_due_at=at("2026-03-12", 9), finished_at=at("2026-03-09"),
                         supplement_count=2)
    d[4] = await dossier(ids, "A-DESK", **common, channel="counter", submission_channel=1,
                         fee_total=50000, received_at=at("2026-03-02"),
                         due_at=at("2026-03-12", 17), original_due_at=at("2026-03-12", 9),
                         finished_at=at("2026-03-06"))
    # Finished after its due date (20 March): the apology letter moved the due date to 31 March.
    d[5] = await dossier(ids, "B-FULL", **common, channel="post", submission_channel=3,
                         fee_total=10000, paid_online=True, received_at=at("2026-03-05"),
                         due_at=at("2026-03-31", 17), original_due_at=at("2026-03-19", 9),
                         finished_at=at("2026-03-25"), electronic_result=True)
    await ApologyLetter.insert(ApologyLetter(dossier=d[5], previous_due_at=at("2026-03-20", 17),
                                             new_due_at=at("2026-03-31", 17)))
    d[6] = await dossier(ids, "B-FULL", state="processing", status_code=4, channel="app",
                         fee_total=15000, paid_online=True, received_at=at("2026-03-05"),
                         due_at=at("2026-03-16", 17), reused_documents=True)
    d[7] = await dossier(ids, "A-FULL", state="received", status_code=2, channel="app",
                         received_at=at("2026-03-20"), due_at=at("2026-04-30", 17))
    d[8] = await dossier(ids, "A-FULL", state="supplement_requested", status_code=5,
                         channel="app", received_at=at("2026-03-02"), due_at=at("2026-03-10"))
    d[9] = await dossier(ids, "A-FULL", state="refused", status_code=3, channel="app")
    d[10] = await dossier(ids, "A-FULL", **common, channel="app",
                          submitted_at=at("2026-02-24"), received_at=at("2026-02-25"),
                          due_at=at("2026-03-06", 17), original_due_at=at("2026-03-06", 9),
                          finished_at=at("2026-03-04"), electronic_result=True)
    d[11] = await dossier(ids, "A-FULL", state="draft", status_code=None, code=None,
                          submitted_at=None)
    # Due at 17:00 today: overdue at 18:00, found by the query on today's due dates.
    d[12] = await dossier(ids, "A-PART", state="processing", status_code=4, channel="portal",
                          received_at=at("2026-03-20"), due_at=at("2026-04-01", 17))
    for n in (13, 14):
        d[n] = await dossier(ids, "A-FULL", state="received", status_code=2, channel="app",
                             submitted_at=at("2026-04-01", 8), received_at=at("2026-04-01", 9),
                             due_at=at("2026-05-05", 17))
    for number, level, day in ((1, 5, "2026-03-11"), (2, 4, "2026-03-21"), (3, 1, "2026-03-10"),
                               (4, 3, "2026-03-07"), (5, 5, "2026-03-26"), (10, 4, "2026-03-05")):
        await rate(d[number], level, at(day))
    await rate(d[3], 2, at("2026-03-12"), previous=1)  # changed: the first date stays
    return d


@pytest.fixture
def frozen(monkeypatch):
    freeze(monkeypatch, NOW)


async def test_every_indicator_matches_the_hand_count(db, frozen):
    ids = await catalogue()
    d = await population(ids)
    for dossier_id in d.values():
        async with transaction():
            await rollup.refresh(dossier_id)
    march = parse("2026-03", None, None, NOW.date())
    answer = await report.indicators(None, None, march, "en")
    f = by_key(answer)
    # Submitted in March: 1–9 and 12 (10 in February, 11 a draft, 13–14 in April) = 10.
    # Online (app, portal): 1, 2, 6, 7, 8, 9, 12 = 7 → 70 %.
    assert (f["online_share"]["value"], f["online_share"]["numerator"],
            f["online_share"]["denominator"]) == (70.0, 7, 10)
    assert f["submitted"]["value"] == 10
    channels = {c["channel"]: (c["dossiers"], c["share"]) for c in answer["channels"]}
    # app 1, 6, 7, 8, 9 = 5 (50 %); portal 2, counter 2 and post 1 are cells below 5.
    assert channels == {"app": (5, 50.0), "portal": (None, None), "counter": (None, None),
                        "post": (None, None)}
    # Catalogue: 2 of 4 services full-process; online services A-FULL, A-PART, B-FULL all
    # received an online dossier in March (1; 12; 6).
    assert (f["full_process_share"]["value"], f["full_process_share"]["numerator"]) == (50.0, 2)
    assert (f["online_services_used"]["value"], f["online_services_used"]["denominator"]) == (
        100.0, 3)
    # Fee-bearing: 1, 2, 4, 5, 6 = 5; paid online 1, 5, 6 = 3 → 60 %;
    # 20,000 + 20,000 + 50,000 + 10,000 + 15,000 due, 20,000 + 10,000 + 15,000 online.
    assert (f["paid_online_share"]["value"], f["paid_online_share"]["numerator"]) == (60.0, 3)
    assert f["fee_amount"]["value"] == 115000 and f["fee_amount_online"]["value"] == 45000
    # Finished in March: 1, 2, 3, 4, 5, 10 = 6. Late: 2 (after due), 3 (two supplement
    # requests), 5 (apology letter). On time 3 → 50 %. Electronic: 1, 5, 10 → 50 %.
    assert (f["on_time_rate"]["value"], f["on_time_rate"]["numerator"],
            f["on_time_rate"]["denominator"]) == (50.0, 3, 6)
    assert (f["electronic_result_share"]["value"], f["finished"]["value"]) == (50.0, 6)
    # Receipt → result: 7 + 17 + 7 + 4 + 20 + 7 = 62 days / 6 = 10.33;
    # promised: 9 + 9 + 10 + 10 + 14 + 9 = 61 / 6 = 10.17.
    assert f["processing_days"]["value"] == 10.33 and f["promised_days"]["value"] == 10.17
    # Ratings dated March: 5, 4, 2 (changed from 1), 3, 5, 4: satisfied 4 of 6; mean 23 / 6.
    assert (f["satisfaction_rate"]["value"], f["satisfaction_rate"]["denominator"]) == (66.7, 6)
    assert f["average_rating"]["value"] == 3.83
    # Reused 1, 6 → 20 %; digitised 1 → 10 %.
    assert f["reused_share"]["value"] == 20.0 and f["digitised_share"]["value"] == 10.0
    # Open with the clock running now: 6, 7, 12, 13, 14 (8 awaits a supplement) = 5.
    # Overdue: 6 (due 16 March) and 12 (due 17:00 today) = 2: a cell below 5, so null.
    assert f["open"]["value"] == 5 and f["open_overdue"]["value"] is None
    assert await queries.open_now(await queries.scope_of(None, None), NOW) == {
        "open": 5, "overdue": 2}

    # One agency: A submitted 1, 2, 3, 4, 7, 8, 9, 12 = 8, online 1, 2, 7, 8, 9, 12 = 6.
    agency_a = by_key(await report.indicators("000.00.01.H99", None, march, "vi"))
    assert (agency_a["online_share"]["value"], agency_a["online_share"]["denominator"]) == (
        75.0, 8)
    # One field below the threshold: F2 holds 3 and 12 only.
    field_f2 = by_key(await report.indicators(None, "f2", march, "en"))
    assert field_f2["online_share"]["value"] is None
    assert field_f2["online_share"]["denominator"] is None

    # Agencies side by side: B (5, 6) is below 5 and merged into "other agencies".
    compared = (await report.agencies(None, march, "en"))["agencies"]
    assert [(a["agency"], a["submitted"], a["online_share"]) for a in compared] == [
        ("000.00.01.H99", 8, 75.0), (None, None, None)]

    # By month over the first quarter: January none, February one dossier (null), March 10.
    months = (await report.trend(None, None, parse("2026-Q1", None, None, NOW.date()),
                                 "en"))["months"]
    assert [(m["month"], m["submitted"], m["online_share"]) for m in months] == [
        ("2026-01", 0, None), ("2026-02", None, None), ("2026-03", 10, 70.0)]

    # Custom ranges: whole months come from stats_month, the days around them from stats_day.
    # 20 February – 9 March: 10 (24 February) and the ten March submissions (2 March) = 11,
    # online 8 (10 by app too); finished 10, 4, 3 = 3, a cell below 5.
    edges = by_key(await report.indicators(None, None, parse(
        None, date(2026, 2, 20), date(2026, 3, 9), NOW.date()), "en"))
    assert (edges["online_share"]["numerator"], edges["online_share"]["denominator"]) == (8, 11)
    assert edges["finished"]["value"] is None
    # 1 February – 31 March, two whole months: the same dossiers submitted, six finished.
    months = by_key(await report.indicators(None, None, parse(
        None, date(2026, 2, 1), date(2026, 3, 31), NOW.date()), "en"))
    assert (months["online_share"]["value"], months["finished"]["value"]) == (72.7, 6)
    # 3 March – 5 March, inside one month: nothing submitted, 10 finished on the 4th.
    days = by_key(await report.indicators(None, None, parse(
        None, date(2026, 3, 3), date(2026, 3, 5), NOW.date()), "en"))
    assert days["submitted"]["value"] == 0 and days["finished"]["value"] is None

    assert (await verify()).drift == []


async def test_open_and_overdue_at_a_moment(db, monkeypatch):
    """Overdue on 20 April 2026 at 18:00: due in an earlier month, earlier this month, and
    earlier today count; later today, later this month and a paused clock do not."""
    moment = at("2026-04-20", 18)
    freeze(monkeypatch, moment)
    ids = await catalogue()
    open_ = dict(state="processing", status_code=4, received_at=at("2026-03-02"))
    made = [await dossier(ids, "A-FULL", **open_, due_at=at(day, hour))
            for day, hour in (("2026-03-20", 17), ("2026-04-10", 17), ("2026-04-20", 17),
                              ("2026-04-20", 19), ("2026-04-25", 17))]
    made.append(await dossier(ids, "B-FULL", **open_, due_at=at("2026-04-10", 17)))
    made.append(await dossier(ids, "A-FULL", state="supplement_requested", status_code=5,
                              received_at=at("2026-03-02"), due_at=at("2026-04-01", 17)))
    for dossier_id in made:
        await rollup.refresh(dossier_id)
    everywhere = await queries.scope_of(None, None)
    assert await queries.open_now(everywhere, moment) == {"open": 6, "overdue": 4}
    agency_a = await queries.scope_of("000.00.01.H99", None)
    assert await queries.open_now(agency_a, moment) == {"open": 5, "overdue": 3}
    field_f2 = await queries.scope_of(None, "f2")
    assert await queries.open_now(field_f2, moment) == {"open": 0, "overdue": 0}
