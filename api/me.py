"""The signed-in person: profile and signed-in devices (sessions)."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, delete, get
from litestar.params import FromPath

from api.auth_responses import Person, Session
from auth.guards import CITIZEN, requires
from auth.people import profile
from auth.sessions import list_sessions, revoke_session


class MeController(Controller):
    path = "/v1/me"
    tags = ["me"]
    opt = requires(CITIZEN)
    security = [{"bearer": []}]

    @get("/", operation_id="getMe", summary="My profile (ID number and phone masked)")
    async def me(self, request: Request) -> Person:
        """Name, masked ID number and phone, e-mail, role, the officer's agency, language."""
        return await profile(request.user.person_id)  # type: ignore[return-value]

    @get("/sessions", operation_id="listMySessions", summary="My signed-in devices")
    async def sessions(self, request: Request) -> list[Session]:
        """Every active session (one per signed-in app), `current` marking this one."""
        current = request.user.session_id
        return [
            {"id": row["id"], "client": row["client"], "sign_in_method": row["sign_in_method"],
             "created_at": row["created_at"], "last_used_at": row["last_used_at"],
             "current": row["id"] == current}
            for row in await list_sessions(request.user.person_id)
        ]

    @delete("/sessions/{session_id:uuid}", operation_id="revokeMySession", status_code=204,
            summary="Sign out one of my devices")
    async def revoke(self, request: Request, session_id: FromPath[uuid.UUID]) -> None:
        """Its tokens stop working at once. Someone else's session is 404."""
        await revoke_session(session_id, person_id=request.user.person_id, reason="session_revoked")
