"""Tickets for the live event stream: a browser's EventSource cannot send an Authorization header,
so the app trades its access token for a ticket that is short-lived, single use and stored only
as a SHA-256 hash (the access token itself never goes into a URL)."""

from piccolo.columns import UUID, ForeignKey, Timestamptz, Varchar
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.auth import AuthSession


class EventTicket(Table, tablename="event_ticket"):
    id = UUID(primary_key=True, default=UUID4())
    token_hash = Varchar(length=64, unique=True)
    # The session it was issued for: a stream opened with it ends when that session is revoked.
    session = ForeignKey(references=AuthSession, index=True)
    expires_at = Timestamptz(index=True)
    used_at = Timestamptz(null=True, default=None)
