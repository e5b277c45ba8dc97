"""With Redis, an API process answers a repeated statistics request from memory, and a change
to the rollups is seen once the answer kept is `stats.report.LAG` seconds old: the rollup job
announces it when it commits (in this process, or in another one, such as the worker or
`motcua stats verify --rebuild`); a change to the catalogue is announced by the catalogue's
store and empties it at once."""

from __future__ import annotations

from cache_support import (
    CacheClock,
    CountingLoads,
    OtherProcess,
    bus_connected,
    eventually,
    with_caches,
)

from models.stats import StatsDay, StatsMonth
from stats import report, rollup
from stats.recount import verify
from tests.auth_helpers import client_with
from tests.stats_support import catalogue, dossier

PERIOD = {"period": "2026-03", "agency": "000.00.02.H99"}


async def submitted(client) -> int | None:
    answer = await client.get("/v1/stats/indicators", params=PERIOD)
    assert answer.status_code == 200, answer.text
    return next(f for f in answer.json()["indicators"] if f["key"] == "submitted")["value"]


async def test_answers_are_kept_until_the_rollups_change(db, settings, redis_url, monkeypatch):
    clock = CacheClock(monkeypatch)
    async with client_with(with_caches(settings, redis_url)) as client:
        await bus_connected()
        ids = await catalogue()
        for _ in range(5):
            await rollup.refresh(await dossier(ids, "B-FULL"))
        loads = CountingLoads(monkeypatch, "stats.queries.sums_by_channel_and_service")
        assert await submitted(client) == 5
        assert await submitted(client) == 5 and loads.count == 1

        await rollup.refresh(await dossier(ids, "B-FULL"))  # the job, in this process
        assert await submitted(client) == 5 and loads.count == 1  # read less than LAG ago
        clock.seconds += report.LAG
        assert await submitted(client) == 6 and loads.count == 2

        # A change the rollups did not announce stays unseen until one is announced, here
        # by another process (the worker, a rebuild run from the command line).
        for table in (StatsDay, StatsMonth):
            await table.update({table.submitted: table.submitted + 1}, force=True)
        assert await submitted(client) == 6
        async with OtherProcess(redis_url) as other:
            await other.announce("stats", rollup.ROLLUPS)
            clock.seconds += report.LAG
            await eventually(lambda: _shows(client, 7))
            # A catalogue change (an agency renamed, a service withdrawn) empties it too.
            before = loads.count
            await other.announce("catalogue", "agency")
            await eventually(lambda: _read_again(client, loads, before))

        assert (await verify(rebuild=True)).rebuilt  # back to the recount, announced
        clock.seconds += report.LAG
        assert await submitted(client) == 6


async def _shows(client, count: int) -> bool:
    return await submitted(client) == count


async def _read_again(client, loads: CountingLoads, before: int) -> bool:
    await submitted(client)
    return loads.count > before
