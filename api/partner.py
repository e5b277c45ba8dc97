"""Partner-scoped paths. A postal partner authenticates with its own API key
(`Authorization: Bearer <partner key>`, issued with its endpoint configuration and stored
hashed); it sees its own bookings only."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get
from litestar.params import QueryParameter

from api.contract import documented
from api.postal_responses import BookingPage
from auth.middleware import bearer_token
from postal import webhooks
from postal.listing import partner_bookings
from postal.problems import PartnerUnauthenticated


async def _partner_of(request: Request) -> str:
    key = bearer_token(request)
    name = await webhooks.partner_for_api_key(key) if key else None
    if name is None:
        raise PartnerUnauthenticated(headers={"WWW-Authenticate": 'Bearer realm="partner"'})
    return name


@documented(security="partner", problems=[PartnerUnauthenticated])
@get("/v1/partner/bookings", operation_id="listPartnerBookings", tags=["partner"],
     summary="The calling partner's bookings (state=open|all|<state>), with recipient data")
async def list_bookings(
    request: Request,
    wanted: Annotated[str, QueryParameter(name="state", max_length=20)] = "open",
    cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> BookingPage:
    """Oldest first, by cursor. Only bookings already handed to the partner (a
    `booking.requested` webhook was sent). Authenticate with the partner API key."""
    name = await _partner_of(request)
    items, next_cursor = await partner_bookings(name, wanted, cursor, limit)
    return {"partner": name, "items": items,  # type: ignore[typeddict-item]
            "next_cursor": next_cursor}


ROUTES = [list_bookings]
