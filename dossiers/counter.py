"""Dossiers a citizen brings to the one-stop desk (channel `counter`) or sends by public post
(`post`), registered by an officer of the competent agency.

They live the same life as an online dossier: the same code sequence (dossiers/codes.py), the
same submit edge and `dossier.submitted` event (officer actor), then received at once by the
desk that has the papers in hand. What differs:

- the national submission channel is 1 (in person) or 3 (public post), and the fee is quoted for
  that channel (catalogue/fees.py), paid at the counter;
- Decree 309/2026 (amending Decree 118/2025): what the desk receives after 15:00 is forwarded to
  the competent agency the next working morning, and the processing clock starts then;
- the citizen is named by their ID number. Their Person is found or created, so the dossier is
  in their app the first time they sign in with that number. The number is never logged, never
  in a URL, and answers carry it masked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from auth.id_number import validate_id_number
from auth.people import find_or_register
from auth.principal import Principal
from catalogue import fees
from core import clock
from core.audit import record
from core.clock import LOCAL
from core.db import transaction
from core.problems import Problem, ValidationFailed
from dossiers import timing, transitions
from dossiers.codes import allocate_code
from dossiers.context import service_by_code
from dossiers.forms import check_form
from dossiers.offline import delivery_options
from dossiers.problems import NotYourAgency
from dossiers.rows import DossierRow, ServiceRow, dossier_row
from dossiers.transitions import Actor
from models.dossiers import Dossier
from workdays import WorkCalendar, load_calendar
from workdays.deadlines import OFFICE_OPENS

FORWARD_CUTOFF = time(15, 0)
# channel → national submission channel (1 in person, 3 public post); fee schedule channel.
NATIONAL_CHANNEL = {"counter": 1, "post": 3}


@dataclass(frozen=True)
class CounterIntake:
    service_code: str
    channel: str  # counter | post
    id_number: str  # personal data: never logged, never echoed
    full_name: str
    phone: str = ""
    email: str = ""
    form_data: dict[str, Any] = field(default_factory=dict)
    result_delivery: str | None = None
    note: str = ""


def clock_starts_at(calendar: WorkCalendar, at: datetime) -> datetime:
    """When the competent agency's clock starts for a dossier the desk took in at `at`: at once
    before 15:00 on a working day, else at 07:00 on the next working day (Decree 309/2026)."""
    local = at.astimezone(LOCAL)
    if calendar.is_working_day(local.date()) and local.time() < FORWARD_CUTOFF:
        return at
    morning = datetime.combine(calendar.next_working_day(local.date()), OFFICE_OPENS,
                               tzinfo=LOCAL)
    return morning.astimezone(UTC)


def _invalid(pointer: str, detail: str) -> Problem:
    return ValidationFailed(extra={"errors": [{"pointer": pointer, "detail": detail}]})


def _delivery(service: ServiceRow, wanted: str | None) -> str:
    """At the desk a paper result may always be collected where the service returns one in
    person, even for a full-process service (that rule is about its online channel)."""
    options = delivery_options(service)
    if service["result_in_person"] and "in_person" not in options:
        options.append("in_person")
    if wanted is None and options:
        return options[0]
    if wanted not in options:
        raise _invalid("/result_delivery",
                       f"This service returns its result by: {', '.join(options) or 'nothing'}")
    return wanted


async def register(principal: Principal, intake: CounterIntake) -> DossierRow:
    """Register the dossier; returns it as received. Every check comes before anything is
    written; the code is taken last, outside the transaction (dossiers/codes.py)."""
    id_number = validate_id_number(intake.id_number)
    if not intake.full_name.strip():
        raise _invalid("/applicant/full_name", "The applicant's name is required")
    service = await service_by_code(intake.service_code)
    if service is None or not service["active"]:
        raise _invalid("/service_code", "No active service has this code")
    if service["agency"] != principal.agency_id:
        raise NotYourAgency(extra={"service_code": intake.service_code})
    check_form(service["form_schema"], intake.form_data, complete=True)
    delivery = _delivery(service, intake.result_delivery)
    at = clock.now()
    national = NATIONAL_CHANNEL[intake.channel]
    # Priced from the paper form (copies, pages) for the channel it came by: no online price.
    quote = fees.compared(await fees.load_schedule(service["id"]), intake.channel, at, None,
                          intake.form_data)
    starts = clock_starts_at(await load_calendar(), at)
    due = await timing.due_at_for(service, starts, national)
    code = await allocate_code(service["agency_unit_code"], at)
    actor = Actor.of(principal, "officer")
    async with transaction():
        person_id, created = await find_or_register(
            id_number, full_name=intake.full_name.strip(), phone=intake.phone.strip(),
            email=intake.email.strip())
        if created:
            await record("person.registered_at_counter", actor_kind="officer",
                         actor_id=actor.id, subject_type="person", subject_id=str(person_id))
        inserted = await Dossier.insert(Dossier(
            service=service["id"], agency=service["agency"], applicant=person_id,
            state="draft", channel=intake.channel, created_at=at, updated_at=at,
        )).returning(*Dossier.all_columns())
        row = await transitions.apply(
            dossier_row(inserted[0]), "submit", actor, at=at, service=service, note=intake.note,
            detail={"fee_total": quote["total"], "result_delivery": delivery,
                    "channel": intake.channel},
            changes={"code": code, "submitted_at": at, "submission_channel": national,
                     "result_delivery": delivery, "fee_quote": quote,
                     "fee_total": quote["total"], "offline_steps": [],
                     "form_data": intake.form_data})
        return await transitions.apply(
            row, "receive", actor, at=at, service=service,
            detail={"clock_starts_at": starts.isoformat()},
            changes={"received_at": starts, "due_at": due, "original_due_at": due})
