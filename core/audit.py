"""The audit trail's one way in. Every audit row — sign-in events, an officer opening a citizen's
document, a calendar edit, a payment review, a dossier's transition — is shaped by `entry` and
written by `record`, or, on the dossier transition's hot path, inside that transition's single
statement from the same `entry`. The actor is always a person id, never an ID number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core import clock
from core.logs import request_id_var
from models.audit import AuditEvent


def entry(action: str, *, actor_kind: str, actor_id: str, subject_type: str, subject_id: str,
          detail: dict[str, Any] | None = None, at: datetime | None = None) -> dict[str, Any]:
    """The audit row's columns; `at` defaults to now, the request id comes from the context."""
    return dict(at=at or clock.now(), actor_kind=actor_kind, actor_id=actor_id, action=action,
                subject_type=subject_type, subject_id=subject_id, detail=detail or {},
                request_id=request_id_var.get())


async def record(action: str, *, actor_kind: str, actor_id: str, subject_type: str,
                 subject_id: str, detail: dict[str, Any] | None = None,
                 at: datetime | None = None) -> None:
    await AuditEvent.insert(AuditEvent(**entry(
        action, actor_kind=actor_kind, actor_id=actor_id, subject_type=subject_type,
        subject_id=subject_id, detail=detail, at=at)))
