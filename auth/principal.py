"""Who is calling: the identity the auth middleware attaches to `request.user`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

# An accountant works the agency's refund orders (payments/refund_desk.py); not an officer.
ROLES = ("citizen", "officer", "admin", "accountant")
# `scope["auth"]` when a bearer token was presented but refused (expired, forged, revoked).
INVALID_TOKEN = "invalid_token"


@dataclass(frozen=True)
class Principal:
    person_id: uuid.UUID
    role: str  # citizen | officer | admin
    session_id: uuid.UUID
    agency_id: int | None = None  # officers and admins act for one agency
    locale: str = "vi"
    # The VNeID assurance level the session was signed in with (fee waivers depend on it).
    assurance_level: int | None = None

    @property
    def is_accountant(self) -> bool:
        return self.role in ("accountant", "admin") and self.agency_id is not None

    @property
    def is_officer(self) -> bool:
        return self.role in ("officer", "admin") and self.agency_id is not None
