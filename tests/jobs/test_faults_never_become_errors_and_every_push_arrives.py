"""The fault-injection suite, in the production topology (PostgreSQL, `motcua serve --workers 1`,
one `motcua worker`, a private Redis, a local FCM): during a stream of status changes the worker
is killed with SIGKILL, and Redis is stopped, frozen (SIGSTOP) and restarted empty. Every request
is answered, none with 5xx and none later than REQUEST_BOUND; the worker survives every Redis
fault by itself; afterwards no outbox row is left pending or running, and every notification
reached the phone — exactly once, except a push the killed worker was sending, which may go out
again (at least once, as documented; its collapse key makes the phone show it once) — the
national portal (its sandbox target) got each dossier's records once each, ending on "received",
and the courier (the vnpost partner's local server) got every booking.requested and
booking.cancelled webhook, signed, by its webhook-id (at least once on the wire, as documented:
a second copy only of a message whose delivery the killed worker was running).

`bench/faults.py` runs this suite alone, for an operator."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections import Counter
from functools import partial

import asyncpg
import httpx
import pytest
from conftest import _drop_postgres_database, _fresh_postgres_database
from fake_fcm import FakeFcm
from fault_courier_support import (
    act,
    arrived,
    courier,
    finish,
    messages,
    postal_dossier,
    webhook_failures,
)
from fault_support import (
    Process,
    run_command,
    sign_in,
    sign_in_answer,
    start_server,
    topology_env,
)
from resilience_support import own_redis

pytestmark = pytest.mark.faults

SERVICE = "HN.HT.004"  # a full-process demo service of officer-dung's agency
FORM = {"loai_trich_luc": "Khai sinh", "ho_ten": "Nguyễn Văn An", "so_ban": 1}
PHASES = ("worker killed", "redis stopped", "redis frozen", "redis restarted empty")
CHANGES_PER_PHASE = 6
REQUEST_BOUND = 10.0  # seconds: an answer later than this is a hang
SETTLE_SECONDS = 240.0  # a bound, not a wait: a killed worker's rows free in 10 s (jobs.leases)
# Per phase, besides the changes: postal results finished (booking.requested to the courier)
# and handed over at the counter instead (booking.cancelled), at these places in the stream.
FINISH_AT, HAND_OVER_AT = (1, 3), (4,)


async def _submit(http: httpx.AsyncClient, citizen: dict) -> str:
    draft = (await http.post("/v1/dossiers", json={"service_code": SERVICE},
                             headers=citizen)).json()
    path = f"/v1/dossiers/{draft['id']}"
    assert (await http.patch(path, json={"form_data": FORM}, headers=citizen)).status_code == 200
    done = await http.post(f"{path}/submit", json={"result_delivery": "postal"}, headers=citizen)
    assert done.status_code == 200, done.text
    return draft["id"]


class Faults:
    def __init__(self, redis, worker: Process) -> None:
        self.redis, self.worker = redis, worker

    async def begin(self, phase: str) -> None:
        if phase == "worker killed":
            self.worker.kill()
        elif phase == "redis stopped":
            await self.redis.stop()
        elif phase == "redis frozen":
            self.redis.freeze()
        elif phase == "redis restarted empty":
            await self.redis.stop()  # no persistence: it comes back empty
            await self.redis.start()

    async def end(self, phase: str) -> None:
        if phase == "worker killed":
            await self.worker.process.wait()
            await self.worker.start()  # as a process manager would
        elif phase == "redis stopped":
            await self.redis.start()
        elif phase == "redis frozen":
            self.redis.thaw()


async def _settled(database_url: str, person_notifications: str, fcm,
                   partner) -> tuple[set, Counter, list]:
    """Wait until no outbox row is pending or running, every notice reached FCM and every
    webhook the courier."""
    conn = await asyncpg.connect(database_url)
    try:
        deadline = asyncio.get_running_loop().time() + SETTLE_SECONDS
        while True:
            open_rows = await conn.fetchval(
                "SELECT count(*) FROM outbox_event WHERE status IN ('pending', 'running')")
            notices = {str(row["id"]) for row in await conn.fetch(person_notifications)}
            pushed = Counter(message["data"]["notification_id"] for message in fcm.received)
            webhooks = await messages(conn)
            if (open_rows == 0 and notices <= set(pushed) and arrived(partner, webhooks)) or (
                    asyncio.get_running_loop().time() > deadline):
                return notices, pushed, webhooks
            await asyncio.sleep(0.5)
    finally:
        await conn.close()


async def _webhooks_arrived(database_url: str, partner, count: int) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        async with asyncio.timeout(SETTLE_SECONDS):
            while True:
                webhooks = await messages(conn)
                if len(webhooks) >= count and arrived(partner, webhooks):
                    return
                await asyncio.sleep(0.2)
    finally:
        await conn.close()


async def test_faults_never_become_errors_and_every_push_arrives(tmp_path):
    database_url = await _fresh_postgres_database()
    answers: list[tuple[str, str, int | str]] = []
    try:
        async with own_redis(tmp_path) as redis, FakeFcm() as fcm:
            env = topology_env(tmp_path, database_url, redis.url, fcm)
            await run_command(env, "migrate")
            await run_command(env, "seed-demo")
            partner = await courier(env)
            server, base = await start_server(env, tmp_path)
            worker = Process(env, tmp_path / "worker.log", "worker")
            await worker.start()
            faults = Faults(redis, worker)
            try:
                async with httpx.AsyncClient(base_url=base, timeout=REQUEST_BOUND) as http:
                    citizen, refresh_token = await sign_in(http, "citizen-an")
                    officer, _ = await sign_in(http, "officer-dung")
                    device = await http.post("/v1/devices", headers=citizen, json={
                        "platform": "fcm", "token": secrets.token_urlsafe(40),
                        "app_version": "faults", "locale": "vi"})
                    assert device.status_code in (200, 201), device.text
                    ids = [await _submit(http, citizen)
                           for _ in range(len(PHASES) * CHANGES_PER_PHASE + 1)]
                    sender, _ = await sign_in(http, "citizen-binh")
                    to_finish = [await postal_dossier(http, sender, officer, database_url)
                                 for _ in range(len(PHASES) * len(FINISH_AT))]
                    to_hand_over = [await postal_dossier(http, sender, officer, database_url)
                                    for _ in range(len(PHASES) * len(HAND_OVER_AT))]
                    for dossier_id in to_hand_over:  # sent to the courier before the faults
                        assert (await finish(http, officer, dossier_id)).status_code == 200
                    await _webhooks_arrived(database_url, partner, len(to_hand_over))

                    async def request(phase: str, what: str, call) -> None:
                        try:
                            answers.append((phase, what, (await call()).status_code))
                        except httpx.TimeoutException:
                            answers.append((phase, what, "hang"))

                    for number, phase in enumerate(PHASES):
                        batch = ids[number * CHANGES_PER_PHASE:(number + 1) * CHANGES_PER_PHASE]
                        for place, dossier_id in enumerate(batch):
                            if place == len(batch) // 3:  # while earlier changes are under way
                                await faults.begin(phase)
                            postal = []
                            if place in FINISH_AT:
                                postal.append(request(phase, "officer finishes", partial(
                                    finish, http, officer, to_finish.pop())))
                            if place in HAND_OVER_AT:
                                postal.append(request(phase, "officer hands over", partial(
                                    act, http, officer, to_hand_over.pop(), "hand_over")))
                            await asyncio.gather(
                                *postal,
                                request(phase, "officer receives", lambda d=dossier_id: http.post(
                                    f"/v1/officer/dossiers/{d}/actions",
                                    json={"action": "receive"}, headers=officer)),
                                request(phase, "citizen reads", lambda d=dossier_id: http.get(
                                    f"/v1/dossiers/{d}", headers=citizen)),
                                request(phase, "refresh", lambda: http.post(
                                    "/v1/auth/refresh", json={"refresh_token": "rt_unknown"})))
                            await asyncio.sleep(0.3)
                        await request(phase, "sign-in", lambda: sign_in_answer(http, "citizen-an"))
                        await faults.end(phase)
                    # One change after the faults: the worker must have come back to take it.
                    await request("after", "officer receives", lambda: http.post(
                        f"/v1/officer/dossiers/{ids[-1]}/actions", json={"action": "receive"},
                        headers=officer))

                notices, pushed, webhooks = await _settled(database_url, (
                    "SELECT n.id FROM notification n JOIN person p ON p.id = n.person "
                    "WHERE p.id = (SELECT person FROM push_device LIMIT 1)"), fcm, partner)
                assert worker.alive, "the worker must survive every Redis fault by itself"
                assert server.alive
            finally:
                await worker.stop()
                await server.stop()
                partner.stop()

        failed = [answer for answer in answers if answer[2] == "hang" or (
            isinstance(answer[2], int) and answer[2] >= 500)]
        assert failed == [], failed
        assert len(notices) == len(ids) * 2  # submitted and received, for every dossier
        missing = notices - set(pushed)
        assert missing == set(), f"{len(missing)} notices never reached the phone"
        again = {notice for notice, count in pushed.items() if count > 1}
        conn = await asyncpg.connect(database_url)
        try:
            stuck = await conn.fetch("SELECT job, status FROM outbox_event "
                                     "WHERE status NOT IN ('done')")
            resent = {str(row["notification"]) for row in await conn.fetch(
                "SELECT notification FROM push_delivery WHERE attempts > 1")}
            # The national portal (its sandbox target here): each record once, by its id
            # (dossier and sequence), and every dossier's last record says "received" (2).
            repeated = await conn.fetch(
                "SELECT dossier, sequence FROM national_sync_sandbox_record "
                "GROUP BY dossier, sequence HAVING count(*) > 1")
            last_status = {str(row["dossier"]): row["status"] for row in await conn.fetch(
                "SELECT DISTINCT ON (dossier) dossier, record->>'TrangThaiHoSo' AS status "
                "FROM national_sync_sandbox_record ORDER BY dossier, sequence DESC")}
        finally:
            await conn.close()
        assert stuck == [], stuck
        assert repeated == [], repeated
        assert {d: last_status.get(d) for d in ids} == {dossier_id: "2" for dossier_id in ids}
        postal = len(PHASES) * len(FINISH_AT + HAND_OVER_AT)
        assert webhook_failures(partner, webhooks, requested=postal,
                                cancelled=len(PHASES) * len(HAND_OVER_AT)) == []
        # Sent twice only if the killed worker was sending it (its row was run again).
        assert again <= {str(uuid.UUID(n)) for n in resent}, again
    finally:
        await _drop_postgres_database(database_url)
