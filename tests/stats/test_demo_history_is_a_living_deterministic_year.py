"""The demo year behind /dashboard: about a year of dossiers over every demo agency and
channel, with every kind of outcome, late results with apology letters, open and overdue
dossiers and ratings; made the same way every time, added once, and with rollups that equal
a full recount."""

from __future__ import annotations

import datetime as dt
import random

from catalogue.seed import seed_demo
from models.catalogue import Agency
from models.dossiers import ApologyLetter, Dossier
from models.feedback import Feedback
from models.ratings import DossierRating
from stats import demo_history, queries
from stats.recount import verify
from tests.frozen_clock import freeze

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


def made(service: dict) -> list[tuple]:
    history = demo_history.History(random.Random(demo_history.SEED), NOW, {1: 8000},
                                   [demo_history._id("person", n) for n in range(5)], {})
    history.service(service)
    return [(d["code"], d["channel"], d.get("state"), d.get("finished_at"))
            for d in history.dossiers]


def test_the_same_inputs_make_the_same_year():
    service = {"id": 1, "agency": 1, "level": "full_process", "online_submission": True,
               "result_electronic": True, "processing_days": 3,
               "agency.unit_code": "000.00.01.H22"}
    assert made(service) == made(service) and len(made(service)) > 200


async def test_demo_year_is_added_once_and_covers_every_case(db, monkeypatch):
    freeze(monkeypatch, NOW)
    await seed_demo()
    added = await demo_history.seed_history()
    assert added and added > 3000
    assert await demo_history.seed_history() is None
    assert await Dossier.count() == added

    rows = await Dossier.select(Dossier.channel, Dossier.state, Dossier.agency,
                                Dossier.submitted_at)
    assert {r["channel"] for r in rows} == {"app", "portal", "counter", "post"}
    assert {"refused", "withdrawn", "stopped", "result_returned", "result_ready",
            "processing", "received"} <= {r["state"] for r in rows}
    assert {r["agency"] for r in rows} == set(await Agency.select(Agency.id).output(
        as_list=True))
    days = sorted(r["submitted_at"] for r in rows)
    assert (NOW - days[0]).days in (364, 365) and days[-1] < NOW
    assert await ApologyLetter.count() > 50 and await DossierRating.count() > 500
    states = await Feedback.select(Feedback.state).output(as_list=True)
    assert len(states) > 20 and {"answered", "received"} <= set(states)
    assert (await queries.open_now(queries.Scope(), NOW))["overdue"] > 0
    assert (await verify()).drift == []
