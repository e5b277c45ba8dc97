"""Concurrency: simultaneous submissions of one agency get distinct, consecutive daily codes
(none fails, so none leaves a gap); of several officers acting on one dossier at once, exactly
one wins and the others get 409."""

from __future__ import annotations

import asyncio

from core import clock
from models.dossiers import DossierCodeCounter
from tests.dossier_factories import (
    BIRTH,
    act,
    citizen_headers,
    filled_draft,
    officer_headers,
    submitted_dossier,
)

SUBMITS = 20


async def test_parallel_submits_get_consecutive_codes(client):
    citizens = [await citizen_headers(client) for _ in range(4)]
    drafts = [(headers, await filled_draft(client, headers, BIRTH))
              for i in range(SUBMITS) for headers in [citizens[i % 4]]]
    answers = await asyncio.gather(*(
        client.post(f"/v1/dossiers/{body['id']}/submit", json={}, headers=headers)
        for headers, body in drafts))
    assert [a.status_code for a in answers] == [200] * SUBMITS, [a.text for a in answers]
    codes = [a.json()["code"] for a in answers]
    prefixes = {code.rsplit("-", 1)[0] for code in codes}
    assert len(prefixes) == 1 and prefixes.pop().startswith("000.00.01.H22-")
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == list(range(1, SUBMITS + 1))


async def test_parallel_officer_actions_have_one_winner(client):
    citizen = await citizen_headers(client)
    officers = [await officer_headers(client, BIRTH) for _ in range(6)]
    dossier = await submitted_dossier(client, citizen, BIRTH)
    answers = await asyncio.gather(*(
        act(client, headers, dossier["id"], "receive" if i % 2 else "refuse", reason="Trùng")
        for i, headers in enumerate(officers)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * (len(officers) - 1), [a.text for a in answers]
    history = (await client.get(f"/v1/dossiers/{dossier['id']}/history", headers=citizen)).json()
    assert len(history["items"]) == 2  # submitted, then exactly one officer's action


async def test_the_days_number_keeps_every_digit_past_9999(client):
    """Four digits at least (Circular 01/2018), never cut: the 10,000th dossier of a day is
    -10000, whichever way the code is written (dossiers/codes.py)."""
    citizen = await citizen_headers(client)
    day = clock.today()
    await DossierCodeCounter.insert(
        DossierCodeCounter(agency_unit_code="000.00.01.H22", day=day, last=9998))
    codes = []
    for _ in range(2):
        draft = await filled_draft(client, citizen, BIRTH)
        answer = await client.post(f"/v1/dossiers/{draft['id']}/submit", json={},
                                   headers=citizen)
        assert answer.status_code == 200, answer.text
        codes.append(answer.json()["code"])
    assert codes == [f"000.00.01.H22-{day:%y%m%d}-9999", f"000.00.01.H22-{day:%y%m%d}-10000"]
