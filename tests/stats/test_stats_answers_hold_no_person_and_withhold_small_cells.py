"""The statistics API answers aggregates only: no dossier code, id, name or ID number appears
in any answer or CSV, a group of fewer than 5 ratings or dossiers is withheld, and the same
group with 5 is shown. Answers carry an ETag (304 on a match), the CSV says what the JSON says,
and a bad scope or period is a problem+json."""

from __future__ import annotations

import csv
import io

from models.auth import Person
from models.dossiers import Dossier
from tests.stats_support import at, catalogue, dossier, rate, run_stats_jobs

PERIOD = {"period": "2026-03"}


async def finished(ids: dict, count: int, level: int) -> None:
    for _ in range(count):
        made = await dossier(ids, "B-FULL", state="result_returned", status_code=10,
                             received_at=at("2026-03-03"), due_at=at("2026-03-12", 17),
                             original_due_at=at("2026-03-12"), finished_at=at("2026-03-10"))
        await rate(made, level, at("2026-03-11"))


def figure(body: dict, key: str) -> dict:
    return next(f for f in body["indicators"] if f["key"] == key)


async def test_small_cells_are_withheld_and_no_person_appears(client):
    ids = await catalogue()
    await finished(ids, 4, 1)
    await run_stats_jobs()
    params = {**PERIOD, "agency": "000.00.02.H99"}
    four = (await client.get("/v1/stats/indicators", params=params)).json()
    # Four ratings, all "very dissatisfied": the rate would single them out.
    assert figure(four, "satisfaction_rate")["value"] is None
    assert figure(four, "satisfaction_rate")["numerator"] is None
    assert figure(four, "average_rating")["value"] is None
    assert figure(four, "submitted")["value"] is None

    await finished(ids, 1, 5)
    await run_stats_jobs()
    answer = await client.get("/v1/stats/indicators", params=params,
                              headers={"Accept-Language": "en"})
    five = answer.json()
    assert (figure(five, "satisfaction_rate")["value"],
            figure(five, "satisfaction_rate")["denominator"]) == (20.0, 5)
    assert figure(five, "average_rating")["value"] == 1.8  # (4 × 1 + 5) / 5
    assert figure(five, "satisfaction_rate")["label"] == "Satisfaction rate"
    assert answer.headers["content-language"] == "en"

    vi = (await client.get("/v1/stats/indicators", params=params)).json()
    assert figure(vi, "satisfaction_rate")["label"] == "Tỷ lệ hài lòng"

    texts = [answer.text]
    for path in ("/v1/stats/indicators.csv", "/v1/stats/trend", "/v1/stats/trend.csv",
                 "/v1/stats/agencies", "/v1/stats/agencies.csv"):
        reply = await client.get(path, params=PERIOD)
        assert reply.status_code == 200, reply.text
        texts.append(reply.text)
    people = await Person.select(Person.id, Person.id_number, Person.full_name, Person.phone)
    dossiers = await Dossier.select(Dossier.id, Dossier.code)
    secrets = [str(v) for row in [*people, *dossiers] for v in row.values() if v]
    assert secrets and not [s for s in secrets for text in texts if s in text]


async def test_etag_and_csv_follow_the_json(client):
    ids = await catalogue()
    await finished(ids, 6, 4)
    await run_stats_jobs()
    first = await client.get("/v1/stats/indicators", params=PERIOD)
    assert first.status_code == 200 and first.headers["cache-control"].startswith("public")
    again = await client.get("/v1/stats/indicators", params=PERIOD,
                             headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304

    sheet = await client.get("/v1/stats/indicators.csv", params=PERIOD)
    assert sheet.headers["content-type"].startswith("text/csv")
    assert "attachment" in sheet.headers["content-disposition"]
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(sheet.text.lstrip("\ufeff")))}
    for item in first.json()["indicators"]:
        shown = "" if item["value"] is None else str(item["value"])
        assert rows[item["key"]]["value"] == shown, item["key"]
    assert rows["on_time_rate"]["value"] == "100.0" and rows["finished"]["value"] == "6"

    trend = (await client.get("/v1/stats/trend", params={"period": "2026-Q1"})).json()
    assert [m["month"] for m in trend["months"]] == ["2026-01", "2026-02", "2026-03"]
    assert trend["months"][2]["on_time_rate"] == 100.0


async def test_unknown_scope_and_bad_period_are_problems(client):
    await catalogue()
    unknown = await client.get("/v1/stats/indicators", params={"agency": "999.99.99.H00"})
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["type"].endswith("/stats-unknown-scope")
    for params in ({"period": "2026-13"}, {"from": "2026-03-01"},
                   {"from": "2026-03-05", "to": "2026-03-01"},
                   {"period": "2026", "from": "2026-01-01", "to": "2026-01-31"}):
        bad = await client.get("/v1/stats/trend", params=params)
        assert bad.status_code == 422, params
        assert bad.json()["type"].endswith("/stats-bad-period")
    custom = await client.get("/v1/stats/agencies",
                              params={"from": "2026-03-01", "to": "2026-03-31"})
    assert custom.json()["period"] == {"kind": "custom", "from": "2026-03-01", "to": "2026-03-31"}
