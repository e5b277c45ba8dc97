"""Event-stream tickets: `POST /v1/events/ticket` trades the caller's session for a random ticket
that opens one stream within 60 seconds. Only its SHA-256 is stored; redeeming is a guarded update
(`... WHERE used_at IS NULL`), so of two requests with one ticket exactly one wins."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from auth.sessions import active_session
from core import clock
from core.db import transaction
from models.live import EventTicket

TICKET_SECONDS = 60
PREFIX = "evt_"  # recognisable in a leaked log line, like refresh tokens' rt_


@dataclass(frozen=True)
class TicketHolder:
    person_id: uuid.UUID
    session_id: uuid.UUID


def _hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


async def issue_ticket(session_id: uuid.UUID) -> str:
    now = clock.now()
    ticket = PREFIX + secrets.token_urlsafe(32)
    async with transaction():
        # Tickets are worthless a minute later: clearing old ones here keeps the table tiny.
        await EventTicket.delete().where(EventTicket.expires_at < now - timedelta(hours=1))
        await EventTicket.insert(EventTicket(
            token_hash=_hash(ticket), session=session_id,
            expires_at=now + timedelta(seconds=TICKET_SECONDS),
        ))
    return ticket


async def redeem_ticket(ticket: str) -> TicketHolder | None:
    """The holder of a fresh, unused ticket whose session is still live; None otherwise. The
    ticket is spent either way once it has been presented with a live session."""
    now = clock.now()
    spent = await EventTicket.update({EventTicket.used_at: now}).where(
        (EventTicket.token_hash == _hash(ticket))
        & EventTicket.used_at.is_null()
        & (EventTicket.expires_at > now)
    ).returning(EventTicket.session)
    if not spent:
        return None
    session_id = spent[0]["session"]
    state = await active_session(session_id)
    return TicketHolder(state.person_id, session_id) if state else None
