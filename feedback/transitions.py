"""Applying one edge of the feedback state machine (feedback/states.py): the guarded update, the
audit record and the outbox event, in one transaction. The audit record says who, when and which
edge — never the text, which is personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.audit import record
from core.db import transaction
from core.problems import Problem
from feedback.problems import FeedbackActionNotAllowed, FeedbackChanged
from feedback.states import FEEDBACK, Actor
from jobs.publish import publish
from models.feedback import Feedback


def not_allowed(row: dict[str, Any], actor: Actor) -> Problem:
    allowed = FEEDBACK.allowed_actions(row["state"], actor)
    return FeedbackActionNotAllowed(extra={"state": row["state"], "allowed_actions": allowed})


def event_payload(row: dict[str, Any], from_state: str) -> dict[str, Any]:
    """What consumers get: ids and states only."""
    return {"feedback_id": str(row["id"]), "person_id": str(row["person"]),
            "agency_id": row["agency"], "service_id": row["service"],
            "dossier_id": str(row["dossier"]) if row["dossier"] else None,
            "kind": row["kind"], "from_state": from_state, "to_state": row["state"],
            "due_at": row["due_at"].isoformat(), "answered_at":
                row["answered_at"].isoformat() if row["answered_at"] else None}


async def apply(row: dict[str, Any], action: str, actor: Actor, actor_id: str, at: datetime,
                changes: dict[Any, Any] | None = None) -> dict[str, Any]:
    """Move `row` along (action, its state, actor); returns the updated row."""
    edge = FEEDBACK.edge(action, row["state"], actor)
    if edge is None:
        raise not_allowed(row, actor)
    async with transaction():
        changed = await Feedback.update({
            **(changes or {}), Feedback.state: edge.target, Feedback.updated_at: at,
            Feedback.version: Feedback.version + 1,
        }).where((Feedback.id == row["id"]) & (Feedback.state == row["state"])
                 & (Feedback.version == row["version"])).returning(*Feedback.all_columns())
        if not changed:
            raise FeedbackChanged(extra={"state": row["state"]})
        new = changed[0]
        await record(edge.event, actor_kind=actor, actor_id=actor_id, subject_type="feedback",
                     subject_id=str(row["id"]),
                     detail={"from": row["state"], "to": edge.target})
        await publish(edge.event, event_payload(new, row["state"]),
                      event_key=f"{new['id']}:{new['version']}")
    return new
