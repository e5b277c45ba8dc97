"""Feedback as the apps show it: the state in words, what it is about, the deadline and whether
it is overdue, the answer. Officers also see who sent it and how to reach them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.i18n import pick
from feedback.states import FEEDBACK, KINDS, OPEN, STATE_WORDS
from models.feedback import Feedback

# What the feedback is about, joined in by every read.
ABOUT = (Feedback.dossier.code.as_alias("dossier_code"),
         Feedback.service.code.as_alias("service_code"),
         Feedback.service.name_vi.as_alias("service_name_vi"),
         Feedback.service.name_en.as_alias("service_name_en"))
# The sender's name and contact, for the officers who answer (never their ID number).
SENDER = (Feedback.person.full_name.as_alias("sender_full_name"),
          Feedback.person.phone.as_alias("sender_phone"),
          Feedback.person.email.as_alias("sender_email"))


def is_overdue(row: dict[str, Any], now: datetime) -> bool:
    """Still awaiting the agency past its response deadline."""
    return row["state"] in OPEN and now > row["due_at"]


def render(row: dict[str, Any], locale: str, now: datetime, *,
           for_officer: bool = False) -> dict[str, Any]:
    answered = row["answered_at"]
    shown = {
        "id": row["id"], "version": row["version"], "kind": row["kind"],
        "kind_text": pick(KINDS[row["kind"]], locale),
        "subject": row["subject"], "body": row["body"],
        "state": row["state"], "state_text": pick(STATE_WORDS[row["state"]], locale),
        "about": {"dossier_id": row["dossier"], "dossier_code": row["dossier_code"],
                  "service_code": row["service_code"],
                  "service_name": pick({"vi": row["service_name_vi"] or "",
                                        "en": row["service_name_en"] or ""}, locale)},
        "created_at": row["created_at"], "due_at": row["due_at"],
        "overdue": is_overdue(row, now),
        "answered_on_time": None if answered is None else answered <= row["due_at"],
        "answer": row["answer"] or None, "answered_at": answered,
        "closed_at": row["closed_at"],
        "allowed_actions": FEEDBACK.allowed_actions(row["state"],
                                                    "officer" if for_officer else "citizen"),
    }
    if for_officer:
        shown["sender"] = {"id": row["person"], "full_name": row["sender_full_name"],
                           "phone": row["sender_phone"], "email": row["sender_email"]}
    return shown
