"""With Redis, an API process answers repeated dossier reads from memory, and every write is
seen at once: the writer's own process forgets the row when the write commits, other processes
when its announcement arrives. Without Redis nothing is kept."""

from __future__ import annotations

from cache_support import CountingLoads, OtherProcess, bus_connected, eventually, with_caches
from resilience_support import own_redis

from core.changes import BUS
from models.dossiers import Dossier
from tests.auth_helpers import client_with
from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)

LOAD = "dossiers.views.own_dossier_shown"


async def read(client, headers, dossier_id):
    answer = await client.get(f"/v1/dossiers/{dossier_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_repeated_reads_come_from_memory_and_an_officer_action_shows_at_once(
        db, settings, redis_url, monkeypatch):
    async with client_with(with_caches(settings, redis_url)) as client:
        await bus_connected()
        citizen = await citizen_headers(client)
        dossier = await submitted_dossier(client, citizen, JUDICIAL)
        loads = CountingLoads(monkeypatch, LOAD)
        first = await read(client, citizen, dossier["id"])
        again = await read(client, citizen, dossier["id"])
        assert loads.count == 1 and again == first

        officer = await officer_headers(client, JUDICIAL)
        assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
        after = await read(client, citizen, dossier["id"])
        assert after["state"] == "received" and after["due_at"] is not None
        assert after["version"] == first["version"] + 1
        assert loads.count == 2


async def test_someone_elses_dossier_is_not_found_even_when_kept(db, settings, redis_url):
    async with client_with(with_caches(settings, redis_url)) as client:
        await bus_connected()
        owner = await citizen_headers(client)
        dossier = await submitted_dossier(client, owner, JUDICIAL)
        await read(client, owner, dossier["id"])  # now in memory
        stranger = await citizen_headers(client)
        answer = await client.get(f"/v1/dossiers/{dossier['id']}", headers=stranger)
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/problem+json")


async def test_a_write_announced_by_another_process_is_read_fresh(db, settings, redis_url,
                                                                 monkeypatch):
    async with client_with(with_caches(settings, redis_url)) as client, \
            OtherProcess(redis_url) as worker:
        await bus_connected()
        citizen = await citizen_headers(client)
        dossier = await submitted_dossier(client, citizen, JUDICIAL)
        await read(client, citizen, dossier["id"])
        # Another process changes the row (here straight in the database) and announces it.
        await Dossier.update({Dossier.paid_online: True, Dossier.version: Dossier.version + 1}
                             ).where(Dossier.id == dossier["id"])
        await worker.announce("dossier", dossier["id"])

        async def fresh():
            return (await read(client, citizen, dossier["id"]))["paid_online"]

        await eventually(fresh)


async def test_an_unannounced_change_is_seen_after_the_time_to_live(db, settings, redis_url):
    # The one gap: a write whose announcement never left its process (Redis failing between
    # the commit and the publish). The time to live bounds how long it goes unseen.
    async with client_with(with_caches(settings, redis_url, seconds=1)) as client:
        await bus_connected()
        citizen = await citizen_headers(client)
        dossier = await submitted_dossier(client, citizen, JUDICIAL)
        await read(client, citizen, dossier["id"])
        await Dossier.update({Dossier.paid_online: True}).where(Dossier.id == dossier["id"])
        assert (await read(client, citizen, dossier["id"]))["paid_online"] is False  # kept

        async def fresh():
            return (await read(client, citizen, dossier["id"]))["paid_online"]

        await eventually(fresh, seconds=3)


async def test_without_redis_every_read_goes_to_the_database(db, settings, monkeypatch):
    async with client_with(settings) as client:  # embedded mode: no Redis, nothing kept
        citizen = await citizen_headers(client)
        dossier = await submitted_dossier(client, citizen, JUDICIAL)
        loads = CountingLoads(monkeypatch, LOAD)
        await read(client, citizen, dossier["id"])
        await Dossier.update({Dossier.paid_online: True}).where(Dossier.id == dossier["id"])
        assert (await read(client, citizen, dossier["id"]))["paid_online"] is True
        assert loads.count == 2


async def test_while_redis_is_down_nothing_kept_is_served(db, settings, tmp_path, monkeypatch):
    async with own_redis(tmp_path) as redis:
        async with client_with(with_caches(settings, redis.url)) as client:
            await bus_connected()
            citizen = await citizen_headers(client)
            dossier = await submitted_dossier(client, citizen, JUDICIAL)
            await read(client, citizen, dossier["id"])  # kept
            await redis.stop()
            await eventually(lambda: not BUS.connected)
            # A change this process cannot hear of: with the channel gone, it reads through.
            await Dossier.update({Dossier.paid_online: True}).where(Dossier.id == dossier["id"])
            assert (await read(client, citizen, dossier["id"]))["paid_online"] is True

            await redis.start()
            await bus_connected()  # back, with every cache emptied first
            loads = CountingLoads(monkeypatch, LOAD)
            await read(client, citizen, dossier["id"])
            await read(client, citizen, dossier["id"])
            assert loads.count == 1
