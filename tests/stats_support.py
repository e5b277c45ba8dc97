"""Helpers for the statistics tests: a small catalogue of their own, dossier rows inserted
directly, ratings written as the ratings domain writes them (row + `dossier.rated` in one
transaction), and running the rollup job's outbox rows."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import uuid
from typing import Any

from core.db import transaction
from jobs import leases
from jobs.publish import publish
from models.catalogue import Agency, Field, Service
from models.dossiers import Dossier
from models.jobs import OutboxEvent
from models.ratings import DossierRating
from stats.rollup import JOBS
from tests.auth_helpers import create_person

LOCAL = dt.timezone(dt.timedelta(hours=7))
SPECS = {spec.name: spec for spec in JOBS}
_codes = itertools.count(1)


def at(day: str, hour: int = 9) -> dt.datetime:
    """A moment on a Vietnamese calendar day (YYYY-MM-DD), as UTC."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=LOCAL).astimezone(dt.UTC)


async def catalogue() -> dict[str, int]:
    """Agencies A (000.00.01.H99) and B (000.00.02.H99); fields F1, F2; services
    A-FULL (A, F1, full-process), A-PART (A, F2, partial, online), A-DESK (A, F1, partial,
    counter only), B-FULL (B, F1, full-process). Returns ids by name."""
    ids: dict[str, int] = {}
    for name, code in (("A", "000.00.01.H99"), ("B", "000.00.02.H99")):
        row = await Agency.insert(Agency(unit_code=code, name_vi=f"Cơ quan {name}",
                                         name_en=f"Agency {name}", province_code="01")
                                  ).returning(Agency.id)
        ids[name] = row[0]["id"]
    for name in ("F1", "F2"):
        row = await Field.insert(Field(code=name.lower(), name_vi=f"Lĩnh vực {name}",
                                       name_en=f"Field {name}")).returning(Field.id)
        ids[name] = row[0]["id"]
    for name, agency, field, level, online in (
            ("A-FULL", "A", "F1", "full_process", True), ("A-PART", "A", "F2", "partial", True),
            ("A-DESK", "A", "F1", "partial", False), ("B-FULL", "B", "F1", "full_process", True)):
        row = await Service.insert(Service(
            code=name, procedure_code="1.000001", name_vi=name, name_en=name,
            agency=ids[agency], field=ids[field], level=level, online_submission=online,
            processing_days=5)).returning(Service.id)
        ids[name] = row[0]["id"]
    ids["applicant"] = await create_person()  # type: ignore[assignment]
    return ids


async def dossier(ids: dict[str, Any], service: str, **values: Any) -> uuid.UUID:
    """A submitted dossier of `service` with `values` (state, channel, dates, flags...)."""
    agency = await Service.select(Service.agency).where(Service.id == ids[service]).first()
    row = {"id": uuid.uuid4(), "service": ids[service], "agency": agency["agency"],
           "applicant": ids["applicant"], "state": "submitted", "status_code": 1,
           "code": f"TEST-{next(_codes):06d}", "channel": "app", "submitted_at": at("2026-03-02"),
           **values}
    await Dossier.insert(Dossier(**row))
    return row["id"]


async def rate(dossier_id: uuid.UUID, level: int, when: dt.datetime,
               previous: int | None = None) -> None:
    """What the ratings domain does: the row and the `dossier.rated` event, one transaction."""
    found = await Dossier.select(Dossier.agency, Dossier.service, Dossier.applicant).where(
        Dossier.id == dossier_id).first()
    async with transaction():
        if previous is None:
            await DossierRating.insert(DossierRating(
                dossier=dossier_id, person=found["applicant"], agency=found["agency"],
                service=found["service"], level=level, created_at=when, updated_at=when))
        else:
            await DossierRating.update({DossierRating.level: level}).where(
                DossierRating.dossier == dossier_id)
        await publish("dossier.rated", {
            "dossier_id": str(dossier_id), "agency_id": found["agency"],
            "service_id": found["service"], "level": level, "previous_level": previous,
        }, event_key=f"{dossier_id}:{level}:{when.isoformat()}")


async def run_stats_jobs() -> int:
    """Run every due `stats.refresh` row through the outbox's own claim-and-run, and wait for
    those a running app's own job runner took."""
    ran = 0
    while True:
        due = await OutboxEvent.select(OutboxEvent.id).where(
            (OutboxEvent.job == "stats.refresh") & (OutboxEvent.status == "pending")
        ).order_by(OutboxEvent.id).output(as_list=True)
        if not due:
            if not await OutboxEvent.exists().where(
                    (OutboxEvent.job == "stats.refresh") & (OutboxEvent.status == "running")):
                return ran
            await asyncio.sleep(0.02)
        for event_id in due:
            row = await leases.claim(event_id)
            if row is not None:
                await leases.run_claimed(row, SPECS)
                ran += 1
