"""Dossiers as the apps show them: the status in words, dates, flags and what to do next."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from auth.people import mask_id_number
from auth.principal import Principal
from core import clock
from core.cache import RowCache
from core.i18n import pick
from dossiers import detail_parts, prefill, timing
from dossiers.access import own_dossier_shown, parse_dossier_id
from dossiers.context import loaded, service_by_id
from dossiers.payment_and_delivery import current_delivery, current_payment
from dossiers.problems import DossierNotFound
from dossiers.results import list_results
from dossiers.rows import DossierRow, LoadedDossier, QueueRow, ShownService, SummaryRow
from dossiers.supplements import requested_slots
from dossiers.words import expected_action, status_text
from models.auth import Person
from models.dossiers import DossierEvent
from workdays import WorkCalendar, load_calendar


async def summaries(rows: list[SummaryRow], locale: str) -> list[dict[str, Any]]:
    """List entries (rows from dossiers.listing, with the service's names joined in): one
    clock reading and one calendar for the page."""
    calendar, now = await load_calendar(), clock.now()
    return [summary(row, locale, calendar, now) for row in rows]


def summary(row: SummaryRow, locale: str, calendar: WorkCalendar,
            now: datetime) -> dict[str, Any]:
    return {
        "id": row["id"], "code": row["code"], "state": row["state"],
        "status_code": row["status_code"], "status": status_text(row["state"], locale),
        "service": {"code": row["service_code"],
                    "name": pick({"vi": row["service_name_vi"], "en": row["service_name_en"]},
                                 locale)},
        "channel": row["channel"],
        "created_at": row["created_at"], "submitted_at": row["submitted_at"],
        "due_at": row["due_at"], **timing.flags_on(calendar, row, now),
        "expected_action": expected_action(
            row, locale, online_payment=row["service_online_payment"]),
    }


@dataclass(frozen=True)
class Shown:
    """What a dossier's detail is made of as read from the database: the row (JSON columns
    decoded), the service fields shown with it, its electronic results, while a supplement is
    awaited the documents asked for, and the parts other domains add (dossiers/detail_parts.py).
    Rendering adds what depends on the language and the time (status words, flags, what to do
    next). Kept in memory by `DETAILS`; never modified."""

    row: LoadedDossier
    service: ShownService
    results: list[dict[str, Any]]
    missing: list[str] | None
    payment: dict[str, Any] | None = None  # dossiers/payment_and_delivery.py
    delivery: dict[str, Any] | None = None
    prefill: dict[str, Any] | None = None  # fields filled from the identity (dossiers/prefill)
    parts: dict[str, Any] = field(default_factory=dict)  # by name, as their `load` read them


# Citizens' dossier details by id (core/cache.py). Every function that writes a dossier, its
# results, its payment attempts and receipts or its delivery bookings announces "dossier" (a
# timeline entry comes with a dossier update); the structural test
# tests/jobs/test_cached_rows_are_announced_when_written.py keeps it so.
DETAILS = RowCache("dossier", size=10_000)  # a few kB each


def _decoded(row: DossierRow) -> LoadedDossier:
    return cast(LoadedDossier, {**row, "form_data": loaded(row["form_data"]),
                                "fee_quote": loaded(row["fee_quote"]),
                                "offline_steps": loaded(row["offline_steps"])})


async def shown(row: DossierRow, service: ShownService | None = None) -> Shown:
    """`service` may carry just the fields used here (dossiers.access.own_dossier_shown)."""
    service = service or await service_by_id(row["service"])
    missing = await requested_slots(row) if row["state"] == "supplement_requested" else None
    results = await list_results(row) if row["finished_at"] is not None else []
    submitted = row["submitted_at"] is not None  # a draft is neither paid nor booked
    return Shown(_decoded(row), service,
                 [{"number": r["number"], "code": r["code"], "kind": r["kind"],
                   "content_type": r["content_type"], "size": r["size"],
                   "sha256": r["sha256"], "issued_at": r["issued_at"]} for r in results],
                 missing,
                 payment=await current_payment(row["id"]) if submitted else None,
                 delivery=await current_delivery(row["id"]) if submitted else None,
                 prefill=await prefill.state(row["id"]),
                 parts=await detail_parts.load_all(row))


async def render(facts: Shown, locale: str) -> dict[str, Any]:
    row, service = facts.row, facts.service
    flags = await timing.flags(row, clock.now())
    return {
        "id": row["id"], "code": row["code"], "version": row["version"],
        "state": row["state"], "status_code": row["status_code"],
        "status": status_text(row["state"], locale),
        "service": {"code": service["code"], "procedure_code": service["procedure_code"],
                    "name": pick({"vi": service["name_vi"], "en": service["name_en"]}, locale),
                    "level": service["level"]},
        "agency_unit_code": service["agency_unit_code"],
        "form_data": row["form_data"] or {},
        "result_delivery": row["result_delivery"] or None, "channel": row["channel"],
        "fee_total": row["fee_total"], "fee_quote": row["fee_quote"],
        "applicant_category": row["applicant_category"] or None,
        "paid_online": row["paid_online"], "offline_steps": row["offline_steps"] or [],
        "created_at": row["created_at"], "submitted_at": row["submitted_at"],
        "received_at": row["received_at"], "due_at": row["due_at"],
        "finished_at": row["finished_at"], "closed_at": row["closed_at"],
        "supplement_count": row["supplement_count"], **flags,
        "expected_action": expected_action(row, locale, online_payment=service["online_payment"],
                                           missing_slots=facts.missing),
        "results": facts.results,
        **detail_parts.show_all(facts.parts, locale),  # the applicant's rating (ratings/)
        "payment": facts.payment, "delivery": facts.delivery,
        "identity_prefill": facts.prefill,
    }


async def detail(row: DossierRow, locale: str,
                 service: ShownService | None = None) -> dict[str, Any]:
    """The detail of a row just read or written."""
    return await render(await shown(row, service), locale)


def submission_answer(row: DossierRow, service: ShownService,
                      locale: str) -> dict[str, Any]:
    """The answer to a submission: the code, the fee due and the next step."""
    return {"id": row["id"], "code": row["code"], "state": row["state"],
            "status_code": row["status_code"], "status": status_text(row["state"], locale),
            "fee_due": row["fee_total"], "fee_quote": loaded(row["fee_quote"]),
            "result_delivery": row["result_delivery"],
            "offline_steps": loaded(row["offline_steps"]) or [],
            "next_step": expected_action(row, locale, online_payment=service["online_payment"])}


async def citizen_detail(principal: Principal, dossier_id: str,
                         locale: str) -> dict[str, Any]:
    """The applicant's own dossier; anyone else's is not found (kept or not)."""
    key = parse_dossier_id(dossier_id)

    async def load() -> Shown:
        return await shown(*await own_dossier_shown(principal, key))

    facts = await DETAILS.get_or_load(key, load)
    if facts.row["applicant"] != principal.person_id:
        raise DossierNotFound()
    return await render(facts, locale)


def applicant(person_id: uuid.UUID, full_name: str, phone: str, email: str,
              id_number: str) -> dict[str, Any]:
    """The applicant as the competent agency's officers see them: name and contact to reach
    them, the ID number masked (enough to compare with the card the citizen shows)."""
    return {"id": person_id, "full_name": full_name, "phone": phone, "email": email,
            "id_number_masked": mask_id_number(id_number)}


def queue_item(row: QueueRow, locale: str, calendar: WorkCalendar,
               now: datetime) -> dict[str, Any]:
    """An entry of the agency's queue (rows from dossiers.listing.agency_page)."""
    return {**summary(row, locale, calendar, now), "applicant_id": row["applicant"],
            "applicant": applicant(row["applicant"], row["applicant_full_name"],
                                   row["applicant_phone"], row["applicant_email"],
                                   row["applicant_id_number"])}


async def queue_items(rows: list[QueueRow], locale: str) -> list[dict[str, Any]]:
    calendar, now = await load_calendar(), clock.now()
    return [queue_item(row, locale, calendar, now) for row in rows]


async def officer_detail(row: DossierRow, locale: str) -> dict[str, Any]:
    shown = await detail(row, locale)
    person = await Person.select(Person.full_name, Person.phone, Person.email,
                                 Person.id_number).where(Person.id == row["applicant"]).first()
    assert person is not None  # the dossier's applicant: a foreign key
    shown["applicant_id"] = row["applicant"]
    shown["applicant"] = applicant(row["applicant"], **person)
    shown["original_due_at"] = row["original_due_at"]
    # Digitisation: a slot filled from the citizen's store instead of a new upload (api/officer.py
    # lists those documents beside it, from documents/reuse.py).
    shown["reused_documents"] = row["reused_documents"]
    return shown


async def history(row: DossierRow, locale: str, *, for_officer: bool) -> list[dict[str, Any]]:
    """The timeline, oldest first. Officers also see which person acted."""
    events = await (DossierEvent.select().where(DossierEvent.dossier == row["id"])
                    .order_by(DossierEvent.at).order_by(DossierEvent.id)
                    .output(load_json=True))
    return [{
        "at": e["at"], "event": e["event"], "from_state": e["from_state"] or None,
        "to_state": e["to_state"], "status": status_text(e["to_state"], locale),
        "actor_kind": e["actor_kind"], "note": e["note"], "detail": e["detail"],
        **({"actor_id": e["actor_id"]} if for_officer else {}),
    } for e in events]


