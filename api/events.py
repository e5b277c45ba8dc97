"""GET /v1/events: the signed-in citizen's live updates as server-sent events.

Apps send their Bearer token as usual. A browser's EventSource cannot set headers, so it first
asks `POST /v1/events/ticket` (with the token) for a single-use ticket valid 60 s and opens
`/v1/events?ticket=…`: the access token itself never goes into a URL.

Each event is `event: <kind>`, `id: <event id>`, `data: <json>`. A comment line every
HEARTBEAT_SECONDS keeps proxies from closing an idle stream; at each heartbeat the session is
checked again, so a revoked session (logout, theft) ends its stream within one interval. The stream
also ends when the client goes away (Litestar cancels the generator on disconnect).

Events are published with their title and body in every language; each stream shows the one its
request asked for with `Accept-Language` (Vietnamese by default), like every other answer."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from api.contract import documented
from auth.guards import CITIZEN, SIGNED_IN, authorize, requires
from auth.sessions import active_session
from core.i18n import negotiate, pick
from core.problems import Unauthenticated
from notifications.live import backend_errors, channel_of
from notifications.tickets import TICKET_SECONDS, issue_ticket, redeem_ticket

log = logging.getLogger("motcua.live")

HEARTBEAT_SECONDS = 15.0
TEXTS = ("title", "body")
RETRY_MILLISECONDS = 3000  # how soon EventSource reconnects after a dropped stream


class EventTicketView(msgspec.Struct):
    ticket: str
    expires_in: int


def in_language(event: dict, locale: str) -> str:
    """The event as JSON with its texts (published in every language) in `locale`."""
    shown = {key: pick(value, locale) if key in TEXTS and isinstance(value, dict) else value
             for key, value in event.items()}
    return msgspec.json.encode(shown).decode()


async def _live_stream(channels: ChannelsPlugin, person_id: uuid.UUID, session_id: uuid.UUID,
                       locale: str) -> AsyncGenerator[ServerSentEventMessage, None]:
    try:
        subscription = channels.start_subscription(channel_of(person_id))
        subscriber = await subscription.__aenter__()
    except backend_errors():  # Redis unreachable: end now; EventSource retries after `retry`
        log.warning("live stream not opened: channels backend unreachable")
        yield ServerSentEventMessage(comment="unavailable", retry=RETRY_MILLISECONDS, data=None)
        return
    try:
        # Sent once subscribed: the client knows from here on nothing published is missed.
        yield ServerSentEventMessage(comment="connected", retry=RETRY_MILLISECONDS, data=None)
        events = subscriber.iter_events()
        waiting: asyncio.Future | None = None
        try:
            while True:
                waiting = waiting or asyncio.ensure_future(anext(events))
                done, _ = await asyncio.wait({waiting}, timeout=HEARTBEAT_SECONDS)
                if not done:
                    if await active_session(session_id) is None:
                        return
                    yield ServerSentEventMessage(comment="heartbeat", data=None)
                    continue
                try:
                    raw = waiting.result()
                except StopAsyncIteration:  # unsubscribed: the app is shutting down
                    return
                waiting = None
                event = msgspec.json.decode(raw)
                yield ServerSentEventMessage(data=in_language(event, locale),
                                             event=event.get("kind"), id=event.get("id"))
        finally:
            if waiting is not None:
                waiting.cancel()
    finally:
        await subscription.__aexit__(None, None, None)


class EventsController(Controller):
    path = "/v1/events"
    tags = ["events"]

    @documented(security="bearer_or_ticket", binary={
        "text/event-stream": "`event: <kind>`, `id: <event id>`, `data: <JSON>`; a comment "
                             "line every 15 s"})
    @get("/", operation_id="streamEvents", summary="My live updates (server-sent events)",
         security=[{"bearer": []}], media_type="text/event-stream")
    async def stream(
        self, request: Request, channels: NamedDependency[ChannelsPlugin],
        ticket: Annotated[str | None, QueryParameter(
            description="From POST /v1/events/ticket, for EventSource")] = None,
    ) -> ServerSentEvent:
        """The signed-in citizen's events (status changes, payments, deliveries) as they
        happen, until the session ends or the client leaves. Send the bearer token, or from a
        browser's EventSource a `ticket` from POST /v1/events/ticket (single use, 60 s)."""
        if ticket:
            holder = await redeem_ticket(ticket)
            if holder is None:
                raise Unauthenticated(headers={"WWW-Authenticate": 'Bearer realm="motcua"'})
            person_id, session_id = holder.person_id, holder.session_id
        else:
            authorize(SIGNED_IN, request.user, request.auth)  # the usual 401 problem
            person_id, session_id = request.user.person_id, request.user.session_id
        return ServerSentEvent(
            _live_stream(channels, person_id, session_id,
                         negotiate(request.headers.get("accept-language"))),
            headers={"X-Accel-Buffering": "no"},  # nginx: pass each event on at once
        )

    @post("/ticket", operation_id="createEventTicket",
          opt=requires(CITIZEN), security=[{"bearer": []}], status_code=201,
          summary="A single-use ticket (60 s) to open the event stream from a browser")
    async def ticket(self, request: Request) -> EventTicketView:
        """So the access token never goes into a URL."""
        return EventTicketView(await issue_ticket(request.user.session_id), TICKET_SECONDS)


ROUTES = [EventsController]
