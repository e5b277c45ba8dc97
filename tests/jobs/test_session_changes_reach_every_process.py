"""Sessions are checked against a copy kept in memory (with Redis), yet a logout, a revoked
session or a role taken away stops the session's tokens at once: on the process that made the
change, and on every other one as soon as the announcement arrives (here from a real
`motcua grant-officer` process)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from cache_support import CountingLoads, OtherProcess, bus_connected, eventually, with_caches

from tests.auth_helpers import client_with, sign_in_tokens
from tests.dossier_factories import JUDICIAL, agency_of

ROOT = Path(__file__).resolve().parents[2]
LOAD = "auth.sessions._read_session"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_session_is_read_once_and_a_logout_stops_it_at_once(db, settings, redis_url,
                                                                      monkeypatch):
    async with client_with(with_caches(settings, redis_url)) as client:
        await bus_connected()
        tokens = await sign_in_tokens(client)
        loads = CountingLoads(monkeypatch, LOAD)
        for _ in range(3):
            answer = await client.get("/v1/me", headers=bearer(tokens.access_token))
            assert answer.status_code == 200
        assert loads.count == 1

        assert (await client.post("/v1/auth/logout",
                                  headers=bearer(tokens.access_token))).status_code == 204
        refused = await client.get("/v1/me", headers=bearer(tokens.access_token))
        assert refused.status_code == 401
        assert 'error="invalid_token"' in refused.headers["www-authenticate"]


async def test_a_session_revoked_by_another_process_stops_there_too(db, settings, redis_url):
    from auth.sessions import revoke_session

    async with client_with(with_caches(settings, redis_url)) as client, \
            OtherProcess(redis_url) as other:
        await bus_connected()
        tokens = await sign_in_tokens(client)
        assert (await client.get("/v1/me", headers=bearer(tokens.access_token))).status_code == 200
        # The other process revokes it (the database row) and announces it on its own bus.
        await revoke_session(tokens.session_id, person_id=tokens.person_id, reason="logout")
        await other.announce("auth_session", tokens.session_id)

        async def refused():
            answer = await client.get("/v1/me", headers=bearer(tokens.access_token))
            return answer.status_code == 401

        await eventually(refused)


async def test_a_role_taken_away_by_the_operator_cli_applies_at_once(db, settings, redis_url):
    async with client_with(with_caches(settings, redis_url)) as client:
        await bus_connected()
        unit = await agency_of(JUDICIAL)
        officer = await sign_in_tokens(client, role="officer", agency_unit_code=unit)
        queue = "/v1/officer/dossiers"
        assert (await client.get(queue, headers=bearer(officer.access_token))).status_code == 200

        env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": redis_url,
               "MOTCUA_DATA_DIR": str(settings.data_dir), "APP_ENV": "development"}
        cli = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from app.cli import main; main()", "grant-officer",
            "--person", str(officer.person_id), "--agency", unit, "--role", "citizen",
            cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(cli.communicate(), 120)
        assert cli.returncode == 0, err.decode()

        async def forbidden():
            answer = await client.get(queue, headers=bearer(officer.access_token))
            return answer.status_code == 403

        await eventually(forbidden)
