"""The signed-in person: profile and signed-in devices (sessions)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Request, delete, get
from litestar.params import FromPath

from auth.guards import CITIZEN, requires
from auth.people import profile
from auth.sessions import list_sessions, revoke_session


class SessionView(msgspec.Struct):
    id: str
    client: str
    sign_in_method: str
    created_at: datetime
    last_used_at: datetime  # updated at sign-in and at each refresh
    current: bool


class MeController(Controller):
    path = "/v1/me"
    tags = ["me"]
    opt = requires(CITIZEN)
    security = [{"bearer": []}]

    @get("/", operation_id="getMe", summary="My profile (ID number and phone masked)")
    async def me(self, request: Request) -> dict[str, Any]:
        person = await profile(request.user.person_id)
        return {**person, "id": str(person["id"])}

    @get("/sessions", operation_id="listMySessions", summary="My signed-in devices")
    async def sessions(self, request: Request) -> list[SessionView]:
        current = request.user.session_id
        return [
            SessionView(
                id=str(row["id"]), client=row["client"], sign_in_method=row["sign_in_method"],
                created_at=row["created_at"], last_used_at=row["last_used_at"],
                current=row["id"] == current,
            )
            for row in await list_sessions(request.user.person_id)
        ]

    @delete("/sessions/{session_id:uuid}", operation_id="revokeMySession", status_code=204,
            summary="Sign out one of my devices")
    async def revoke(self, request: Request, session_id: FromPath[uuid.UUID]) -> None:
        await revoke_session(session_id, person_id=request.user.person_id, reason="session_revoked")
