"""After a random walk through the dossier state machine — real transitions (dossiers/
transitions.py, which publish `dossier.*` to the outbox), ratings given and changed, the
rollup job's rows run in a shuffled order, some delivered twice — stats_day equals a full
recount from the dossiers, and `verify(rebuild=True)` leaves the same sums."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from dossiers import transitions
from dossiers.states import DOSSIER
from models.dossiers import ApologyLetter, Dossier
from models.jobs import OutboxEvent
from models.ratings import DossierRating
from models.stats import StatsDossierFact, StatsMonth
from stats.recount import recount, stored, verify
from stats.rollup import by_month, facts_of, keyed, load
from tests.stats_support import SPECS, at, catalogue, dossier, rate, run_stats_jobs

SERVICES = ("A-FULL", "A-PART", "A-DESK", "B-FULL")
CHANNELS = ("app", "portal", "counter", "post")
ENDINGS = ("refuse", "stop", "withdraw")


def changes_for(action: str, row: dict, when: dt.datetime, rng: random.Random) -> dict:
    if action == "submit":
        return {"submitted_at": when, "code": f"RW-{row['id'].hex[:12]}",
                "channel": rng.choice(CHANNELS), "fee_total": rng.choice((0, 0, 8000, 20000)),
                "reused_documents": rng.random() < 0.3, "digitised": rng.random() < 0.5}
    if action == "receive":
        due = when + dt.timedelta(days=rng.randint(1, 12))
        return {"received_at": when, "due_at": due, "original_due_at": due}
    if action == "request_supplement":
        return {"paused_since": when, "supplement_count": row["supplement_count"] + 1}
    if action == "supplement":
        due = row["due_at"] and row["due_at"] + dt.timedelta(days=2)  # none before receipt
        return {"paused_since": None, "due_at": due}
    if action == "mark_paid":
        return {"paid_online": rng.random() < 0.7}
    if action == "finish":
        return {"finished_at": when, "electronic_result": rng.random() < 0.5}
    if action in ("hand_over", "refuse", "stop", "withdraw"):
        return {"closed_at": when}
    return {}


async def walk(ids: dict, rng: random.Random, dossiers: int, steps: int) -> None:
    made = [await dossier(ids, rng.choice(SERVICES), state="draft", status_code=None,
                          code=None, submitted_at=None) for _ in range(dossiers)]
    when = at("2026-01-05")
    for _ in range(steps):
        when += dt.timedelta(hours=rng.randint(1, 30))
        row = await Dossier.select().where(Dossier.id == rng.choice(made)).first()
        steps = [(e, actor) for e in DOSSIER.leaving(row["state"]) for actor in e.actors]
        if rng.random() < 0.8:  # mostly forward, so that many dossiers reach a result
            steps = [(e, actor) for e, actor in steps if e.action not in ENDINGS] or steps
        rated = await DossierRating.select(DossierRating.level).where(
            DossierRating.dossier == row["id"]).first()
        if row["finished_at"] is not None and rng.random() < 0.4:
            await rate(row["id"], rng.randint(1, 5), when,
                       previous=rated["level"] if rated else None)
        elif steps:
            edge, actor = rng.choice(steps)
            changes = changes_for(edge.action, row, when, rng)
            after = None
            if edge.action == "finish" and row["due_at"] and when > row["due_at"]:
                changes["due_at"] = when + dt.timedelta(days=3)  # late: an apology moves it

                async def after(new, event_id, previous=row["due_at"], due=changes["due_at"]):
                    await ApologyLetter.insert(ApologyLetter(
                        dossier=new["id"], previous_due_at=previous, new_due_at=due))
            await transitions.apply(row, edge.action, transitions.Actor(actor),
                                    changes=changes, at=when, after=after)
        if rng.random() < 0.2:
            await run_some(rng)


async def run_some(rng: random.Random) -> None:
    """Run the pending rollup rows in a random order, then deliver a few done ones again."""
    from jobs import leases

    pending = await OutboxEvent.select(OutboxEvent.id).where(
        (OutboxEvent.job == "stats.refresh") & (OutboxEvent.status == "pending")
    ).output(as_list=True)
    rng.shuffle(pending)
    for event_id in pending:
        row = await leases.claim(event_id)
        if row is not None:
            await leases.run_claimed(row, SPECS)
    done = await OutboxEvent.select(OutboxEvent.id).where(
        (OutboxEvent.job == "stats.refresh") & (OutboxEvent.status == "done")
    ).output(as_list=True)
    again = rng.sample(done, min(3, len(done)))
    if again:
        await OutboxEvent.update({OutboxEvent.status: "pending"}).where(
            OutboxEvent.id.is_in(again))


@pytest.mark.parametrize("seed", [7, 2026])
async def test_rollups_equal_a_full_recount(db, seed):
    rng = random.Random(seed)
    ids = await catalogue()
    await walk(ids, rng, dossiers=30, steps=300)
    await run_stats_jobs()
    read, want = await recount()
    assert read == await Dossier.count().where(Dossier.submitted_at.is_not_null())
    assert read > 10 and want, "the walk submitted dossiers"
    have = await stored()
    assert have == want
    assert await stored(StatsMonth) == by_month(want)
    # What each dossier adds after the rebuild is what the rollup job would compute, so the
    # next event of any dossier adds only its change.
    for fact in await StatsDossierFact.select():
        dossier_row, rating, apologised = await facts_of(fact["dossier"])
        assert load(fact["contribution"]) == keyed(dossier_row, rating, apologised)
    assert await StatsDossierFact.count() == read
    assert (await verify()).drift == []
    counted = {name for counters in want.values() for name in counters}
    assert {"submitted", "finished", "rated", "open_due"} <= counted  # the walk reached them

    # Drift is reported, and a rebuild repairs it.
    key = sorted(have)[0]
    from models.stats import StatsDay
    await StatsDay.update({StatsDay.submitted: StatsDay.submitted + 3}).where(
        StatsDay.agency == key[0])
    report = await verify()
    assert report.drift and all(d.counter == "submitted" for d in report.drift)
    assert (await verify(rebuild=True)).rebuilt
    assert await stored() == want and (await verify()).drift == []
    assert await stored(StatsMonth) == by_month(want)
    # What each dossier adds after the rebuild is what the rollup job would compute, so the
    # next event of any dossier adds only its change.
    for fact in await StatsDossierFact.select():
        dossier_row, rating, apologised = await facts_of(fact["dossier"])
        assert load(fact["contribution"]) == keyed(dossier_row, rating, apologised)
    assert await StatsDossierFact.count() == read
