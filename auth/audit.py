"""Audit entries outside state transitions (sign-in events, an officer opening a citizen's
document). The actor is always a person id, never an ID number."""

from __future__ import annotations

from typing import Any

from core.logs import request_id_var
from models.audit import AuditEvent


async def record(action: str, *, actor_kind: str, actor_id: str, subject_type: str,
                 subject_id: str, detail: dict[str, Any] | None = None) -> None:
    await AuditEvent.insert(
        AuditEvent(
            actor_kind=actor_kind,
            actor_id=actor_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            detail=detail or {},
            request_id=request_id_var.get(),
        )
    )
