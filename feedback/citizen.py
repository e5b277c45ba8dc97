"""What a citizen does with feedback: send it about a dossier of theirs or about a service, read
their own (anyone else's does not exist: 404), close it once answered."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from piccolo.query import WhereRaw

from auth.principal import Principal
from core import clock
from core.audit import record
from core.db import transaction
from core.db.compiled import Compiled
from core.problems import Problem, ValidationFailed
from dossiers import cursors
from dossiers.access import own_dossier
from dossiers.context import service_by_code
from feedback import transitions
from feedback.problems import FeedbackNotFound
from feedback.settings import response_days
from feedback.states import KINDS
from feedback.views import ABOUT
from jobs.publish import publish
from models.feedback import Feedback
from workdays import load_calendar, working_days_after

_OWN = Compiled(lambda feedback_id, person_id: Feedback.select(
    *Feedback.all_columns(), *ABOUT).where(
    (Feedback.id == feedback_id) & (Feedback.person == person_id)).limit(1))


@dataclass(frozen=True)
class NewFeedback:
    kind: str  # phan_anh | kien_nghi
    subject: str
    body: str
    dossier_id: str | None = None
    service_code: str | None = None


def _invalid(pointer: str, detail: str) -> Problem:
    return ValidationFailed(extra={"errors": [{"pointer": pointer, "detail": detail}]})


async def _about(principal: Principal, given: NewFeedback) -> dict[str, Any]:
    """The agency, service and dossier the feedback is about: a dossier of the sender's (its
    competent agency), or an active service (its agency)."""
    if (given.dossier_id is None) == (given.service_code is None):
        raise _invalid("/dossier_id", "Name either a dossier of yours or a service")
    if given.dossier_id is not None:
        dossier = await own_dossier(principal, given.dossier_id)  # 404 unless the sender's
        return {"agency": dossier["agency"], "service": dossier["service"],
                "dossier": dossier["id"]}
    service = await service_by_code(given.service_code or "")
    if service is None or not service["active"]:
        raise _invalid("/service_code", "No active service has this code")
    return {"agency": service["agency"], "service": service["id"], "dossier": None}


async def send(principal: Principal, given: NewFeedback) -> dict[str, Any]:
    if given.kind not in KINDS:
        raise _invalid("/kind", f"One of {', '.join(KINDS)}")
    subject, body = given.subject.strip(), given.body.strip()
    if not subject or not body:
        raise _invalid("/subject" if not subject else "/body", "Must not be blank")
    about = await _about(principal, given)
    at = clock.now()
    # The deadline runs from receipt as a dossier's does: after office hours, from the next
    # working morning.
    due = working_days_after(await load_calendar(), at, response_days())
    async with transaction():
        inserted = await Feedback.insert(Feedback(
            person=principal.person_id, kind=given.kind, subject=subject, body=body,
            state="received", created_at=at, updated_at=at, due_at=due, **about,
        )).returning(*Feedback.all_columns())
        row = inserted[0]
        await record("feedback.received", actor_kind="citizen", actor_id=str(principal.person_id),
                     subject_type="feedback", subject_id=str(row["id"]),
                     detail={"kind": given.kind})
        await publish("feedback.received", transitions.event_payload(row, ""),
                      event_key=f"{row['id']}:1")
    return await own(principal, row["id"])


async def own(principal: Principal, feedback_id: str | uuid.UUID) -> dict[str, Any]:
    try:
        key = uuid.UUID(str(feedback_id))
    except ValueError:
        raise FeedbackNotFound() from None
    row = await _OWN.first(feedback_id=key, person_id=principal.person_id)
    if row is None:
        raise FeedbackNotFound()
    return row


async def close(principal: Principal, feedback_id: str) -> dict[str, Any]:
    row = await own(principal, feedback_id)
    at = clock.now()
    await transitions.apply(row, "close", "citizen", str(principal.person_id), at,
                            {Feedback.closed_at: at})
    return await own(principal, feedback_id)


async def page(principal: Principal, cursor: str | None,
               limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """Own feedback, newest first, seeking on (person, created_at, id)."""
    query = Feedback.select(*Feedback.all_columns(), *ABOUT).where(
        Feedback.person == principal.person_id)
    if cursor:
        at, last_id = cursors.decode(cursor)
        query = query.where(WhereRaw(
            '("feedback"."created_at", "feedback"."id") < ({}, {})', at, last_id))
    rows = await query.order_by(Feedback.created_at, Feedback.id, ascending=False).limit(
        limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, cursors.encode(rows[-1]["created_at"], rows[-1]["id"]) if more else None
