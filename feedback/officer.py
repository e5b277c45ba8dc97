"""The agency's side: its feedback queue by response deadline (so the overdue come first), and
taking and answering one. Another agency's feedback does not exist here (404)."""

from __future__ import annotations

import uuid
from typing import Any

from piccolo.query import WhereRaw

from auth.principal import Principal
from core import clock
from core.problems import ValidationFailed
from dossiers import cursors
from feedback import transitions
from feedback.problems import FeedbackNotFound
from feedback.states import OPEN
from feedback.views import ABOUT, SENDER
from models.feedback import Feedback


async def of_agency(principal: Principal, feedback_id: str | uuid.UUID) -> dict[str, Any]:
    try:
        key = uuid.UUID(str(feedback_id))
    except ValueError:
        raise FeedbackNotFound() from None
    row = await Feedback.select(*Feedback.all_columns(), *SENDER, *ABOUT).where(
        (Feedback.id == key) & (Feedback.agency == principal.agency_id)).first()
    if row is None or not principal.is_officer:
        raise FeedbackNotFound()
    return row


async def queue(principal: Principal, *, state: str | None, overdue: bool, cursor: str | None,
                limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """By (due_at, id), seeking on the (agency, due_at, id) index: the earliest deadline first,
    so what is overdue leads. Open feedback only unless a `state` is asked for."""
    query = Feedback.select(*Feedback.all_columns(), *SENDER, *ABOUT).where(
        Feedback.agency == principal.agency_id)
    if state:
        query = query.where(Feedback.state == state)
    else:
        query = query.where(Feedback.state.is_in(list(OPEN)))
    if overdue:
        query = query.where(Feedback.state.is_in(list(OPEN)) & (Feedback.due_at < clock.now()))
    if cursor:
        due, last_id = cursors.decode(cursor)
        query = query.where(WhereRaw('("feedback"."due_at", "feedback"."id") > ({}, {})',
                                     due, last_id))
    rows = await query.order_by(Feedback.due_at, Feedback.id).limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, cursors.encode(rows[-1]["due_at"], rows[-1]["id"]) if more else None


async def take(principal: Principal, feedback_id: str) -> dict[str, Any]:
    row = await of_agency(principal, feedback_id)
    await transitions.apply(row, "take", "officer", str(principal.person_id),
                            clock.now(), {Feedback.assigned_to: principal.person_id})
    return await of_agency(principal, feedback_id)


async def answer(principal: Principal, feedback_id: str, text: str) -> dict[str, Any]:
    text = text.strip()
    if not text:
        raise ValidationFailed(extra={"errors": [{"pointer": "/answer",
                                                  "detail": "The answer must not be blank"}]})
    row = await of_agency(principal, feedback_id)
    at = clock.now()
    await transitions.apply(row, "answer", "officer", str(principal.person_id), at, {
        Feedback.answer: text, Feedback.answered_at: at, Feedback.answered_by: principal.person_id,
    })
    return await of_agency(principal, feedback_id)
