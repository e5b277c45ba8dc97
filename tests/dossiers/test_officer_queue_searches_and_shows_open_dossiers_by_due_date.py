"""The officers' work queue: open dossiers by default, earliest due date first (those not received
yet last), searchable by dossier code and applicant's name (without regard to case or accents),
with the applicant's name and contact and the ID number masked; closed ones on request; another
agency's never."""

from __future__ import annotations

from datetime import datetime

from core.clock import LOCAL
from tests.auth_helpers import random_id_number
from tests.dossier_factories import (
    BIRTH,
    FORMS,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.frozen_clock import freeze


async def register(client, officer, monkeypatch, moment: datetime, name: str,
                   id_number: str | None = None) -> dict:
    freeze(monkeypatch, moment)
    answer = await client.post("/v1/officer/dossiers", headers=officer, json={
        "service_code": BIRTH, "channel": "counter", "form_data": FORMS[BIRTH],
        "applicant": {"id_number": id_number or random_id_number(), "full_name": name,
                      "phone": "0912000111", "email": "dan@example.vn"}})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def ids(client, officer, query: str = "") -> list[str]:
    answer = await client.get(f"/v1/officer/dossiers{query}", headers=officer)
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


async def test_open_by_due_date_searchable_with_masked_id(client, monkeypatch):
    officer = await officer_headers(client, BIRTH)
    citizen = await citizen_headers(client)
    online = await submitted_dossier(client, citizen, BIRTH)  # not received: no due date yet
    id_number = random_id_number()
    monday = await register(client, officer, monkeypatch,
                            datetime(2026, 12, 7, 14, 0, tzinfo=LOCAL), "Lê Thị Cúc", id_number)
    thursday = await register(client, officer, monkeypatch,
                              datetime(2026, 12, 3, 9, 0, tzinfo=LOCAL), "Nguyen Van Binh")
    late_monday = await register(client, officer, monkeypatch,
                                 datetime(2026, 12, 7, 16, 0, tzinfo=LOCAL), "Phạm Văn Đức")
    stopped = await register(client, officer, monkeypatch,
                             datetime(2026, 12, 1, 9, 0, tzinfo=LOCAL), "Hoàng Thị Em")
    assert (await act(client, officer, stopped["id"], "stop",
                      reason="Công dân đề nghị dừng")).status_code == 200

    # Due: Thursday's on Friday 4th, Monday's on Tuesday 8th, the one after 15:00 on the 9th.
    expected = [thursday["id"], monday["id"], late_monday["id"], online["id"]]
    assert await ids(client, officer) == expected
    pages = [await client.get("/v1/officer/dossiers?limit=2", headers=officer)]
    while pages[-1].json()["next_cursor"]:
        cursor = pages[-1].json()["next_cursor"]
        pages.append(await client.get(f"/v1/officer/dossiers?limit=2&cursor={cursor}",
                                      headers=officer))
    assert [i["id"] for page in pages for i in page.json()["items"]] == expected
    everything = await ids(client, officer, "?include_closed=true")
    assert everything == [stopped["id"], *expected]
    assert await ids(client, officer, "?state=stopped") == [stopped["id"]]

    answer = await client.get("/v1/officer/dossiers?q=C%C3%BAc", headers=officer)  # "Cúc"
    items = answer.json()["items"]
    assert [item["id"] for item in items] == [monday["id"]]
    applicant = items[0]["applicant"]
    assert applicant["full_name"] == "Lê Thị Cúc" and applicant["phone"] == "0912000111"
    assert applicant["email"] == "dan@example.vn"
    assert applicant["id_number_masked"] == id_number[:4] + "*****" + id_number[-3:]
    assert id_number not in answer.text
    assert await ids(client, officer, "?q=binh") == [thursday["id"]]  # case-insensitive
    # …and diacritics-insensitive, both ways: typed without accents, or with them on a name
    # stored without.
    assert await ids(client, officer, "?q=le%20thi%20cuc") == [monday["id"]]
    assert await ids(client, officer, "?q=duc") == [late_monday["id"]]
    assert await ids(client, officer, "?q=B%C3%ACnh") == [thursday["id"]]  # "Bình"
    code_tail = late_monday["code"].rsplit("-", 2)[-2:]
    assert await ids(client, officer, f"?q={'-'.join(code_tail)}") == [late_monday["id"]]
    assert await ids(client, officer, f"?q={monday['code']}") == [monday["id"]]
    assert await ids(client, officer, "?q=Em&include_closed=true") == [stopped["id"]]
    assert await ids(client, officer, "?q=%25") == expected  # a wildcard alone finds anything


async def test_another_agency_sees_none_of_it(client, monkeypatch):
    officer = await officer_headers(client, BIRTH)
    elsewhere = await officer_headers(client, unit_code="000.00.99.H99")
    mine = await register(client, officer, monkeypatch,
                          datetime(2026, 12, 7, 14, 0, tzinfo=LOCAL), "Lê Thị Cúc")
    assert await ids(client, elsewhere, "?include_closed=true") == []
    assert await ids(client, elsewhere, "?q=C%C3%BAc") == []
    assert (await client.get(f"/v1/officer/dossiers/{mine['id']}",
                             headers=elsewhere)).status_code == 404
    detail = (await client.get(f"/v1/officer/dossiers/{mine['id']}", headers=officer)).json()
    assert detail["applicant"]["full_name"] == "Lê Thị Cúc"
    citizen = await citizen_headers(client)
    assert (await client.get("/v1/officer/dossiers", headers=citizen)).status_code == 403
