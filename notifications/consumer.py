"""The consumer of dossier.*, payment.* and delivery.* events: who is concerned, which kind of
notice it is, and the values its template needs — re-read from the database, since an outbox
payload carries ids and states only."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import Any

from models.catalogue import RequiredDocument
from models.dossiers import Dossier, DossierEvent
from notifications import templates
from notifications.inbox import notify
from notifications.kinds import TOPIC_KINDS

log = logging.getLogger("motcua.notifications")


def occurrence_of(payload: dict[str, Any]) -> str:
    """One occurrence, however often its outbox row runs: the payload of a row never changes."""
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    return f"{payload.get('topic', '')}:{digest[:40]}"


def occurred_at(payload: dict[str, Any]) -> dt.datetime | None:
    """When the event happened, as its payload says (`at`: jobs.publish puts it in every one).
    The job runners may record two events' notices in either order; the inbox keeps this one."""
    try:
        at = dt.datetime.fromisoformat(payload["at"])
    except (KeyError, TypeError, ValueError):
        return None
    return at.astimezone(dt.UTC) if at.tzinfo is not None else None


async def dossier_context(dossier_id: Any) -> dict[str, Any] | None:
    dossier = await Dossier.select(
        Dossier.id, Dossier.code, Dossier.applicant, Dossier.service, Dossier.fee_total,
        Dossier.due_at, Dossier.status_code,
        Dossier.service.name_vi.as_alias("service_vi"),
        Dossier.service.name_en.as_alias("service_en"),
    ).where(Dossier.id == dossier_id).first()
    if dossier is None:
        return None
    return dossier


async def _event_row(dossier_id: Any, event: str) -> dict[str, Any]:
    row = await (DossierEvent.select(DossierEvent.note, DossierEvent.detail)
                 .where((DossierEvent.dossier == dossier_id) & (DossierEvent.event == event))
                 .order_by(DossierEvent.id, ascending=False).first().output(load_json=True))
    return row or {"note": "", "detail": {}}


async def _missing(dossier: dict[str, Any]) -> dict[str, str]:
    slots = (await _event_row(dossier["id"], "dossier.supplement_requested"))["detail"].get(
        "missing_slots", [])
    names = await RequiredDocument.select(
        RequiredDocument.slot, RequiredDocument.name_vi, RequiredDocument.name_en,
    ).where((RequiredDocument.service == dossier["service"]) & RequiredDocument.slot.is_in(
        list(slots) or [""]))
    by_slot = {row["slot"]: row for row in names}
    return {locale: "; ".join(by_slot[slot][f"name_{locale}"] if slot in by_slot else slot
                              for slot in slots) for locale in templates.LOCALES}


async def values_for(kind: str, topic: str, payload: dict[str, Any],
                     dossier: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": dossier["code"] or "",
        "service": {"vi": dossier["service_vi"], "en": dossier["service_en"]},
        "status_code": dossier["status_code"],
        "due": templates.day(dossier["due_at"]) if dossier["due_at"] else "—",
        "amount": templates.money(int(payload.get("amount") or dossier["fee_total"] or 0)),
    }
    if kind == "supplement_requested":
        values["missing"] = await _missing(dossier)
    elif kind in ("refused", "stopped"):
        values["reason"] = templates.reason((await _event_row(dossier["id"], topic))["note"])
    elif kind == "apology":
        values["new_due"] = templates.day(payload.get("new_due_at"))
    return values


async def handle(payload: dict[str, Any]) -> None:
    topic = payload.get("topic", "")
    kind = TOPIC_KINDS.get(topic)
    if kind is None or not payload.get("dossier_id"):
        return
    dossier = await dossier_context(payload["dossier_id"])
    if dossier is None:
        log.warning("notification for %s: dossier %s is gone", topic, payload["dossier_id"])
        return
    values = await values_for(kind, topic, payload, dossier)
    await notify(dossier["applicant"], kind, values, occurrence=occurrence_of(payload),
                 dossier_id=dossier["id"], at=occurred_at(payload))
