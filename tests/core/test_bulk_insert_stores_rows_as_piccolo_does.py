"""core.db.bulk.insert_rows writes rows that read back exactly as the same rows inserted by
Piccolo: times, dates, UUIDs, booleans, JSON text, defaults for columns left out, serial keys."""

from __future__ import annotations

import datetime as dt
import uuid

from core.db import transaction
from core.db.bulk import insert_rows
from models.dossiers import ApologyLetter, Dossier, DossierCodeCounter
from tests.stats_support import at, catalogue


async def test_bulk_rows_read_back_like_piccolo_rows(db):
    ids = await catalogue()
    base = {"service": ids["A-FULL"], "agency": ids["A"], "applicant": ids["applicant"],
            "state": "received", "status_code": 2, "channel": "counter", "fee_total": 20000,
            "submitted_at": at("2026-03-02", 8), "received_at": at("2026-03-02", 9),
            "due_at": at("2026-03-09", 17), "paid_online": True,
            "form_data": '{"ho_ten": "Nguyễn Văn An"}', "created_at": at("2026-03-02", 8),
            "updated_at": at("2026-03-02", 8)}
    by_piccolo, in_bulk = uuid.uuid4(), uuid.uuid4()
    await Dossier.insert(Dossier(id=by_piccolo, code="P-1", **base))
    async with transaction():
        assert await insert_rows(Dossier, [{"id": in_bulk, "code": "B-1", **base}]) == 1
        await insert_rows(ApologyLetter, [
            {"dossier": in_bulk, "issued_at": at("2026-03-10"),
             "previous_due_at": at("2026-03-09", 17), "new_due_at": at("2026-03-12", 17)}
            for _ in range(3)])
        await insert_rows(DossierCodeCounter, [
            {"agency_unit_code": "000.00.01.H99", "day": dt.date(2026, 3, 2), "last": 7}])
    rows = {r["id"]: r for r in await Dossier.select().output(load_json=True)}
    piccolo, bulk = rows[by_piccolo], rows[in_bulk]
    assert {k: v for k, v in bulk.items() if k not in ("id", "code")} == {
        k: v for k, v in piccolo.items() if k not in ("id", "code")}
    assert bulk["form_data"] == {"ho_ten": "Nguyễn Văn An"} and bulk["offline_steps"] == []
    letters = await ApologyLetter.select().order_by(ApologyLetter.id)
    assert len({letter["id"] for letter in letters}) == 3
    assert letters[0]["new_due_at"] == at("2026-03-12", 17)
    counter = await DossierCodeCounter.select().first()
    assert (counter["day"], counter["last"]) == (dt.date(2026, 3, 2), 7)
