"""HTTP routes of postal return: a citizen books and tracks the delivery of a result; postal
partners call back with signed delivery events."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody

from api.callback_docs import POSTAL_BODY, POSTAL_SCHEMAS, STANDARD_WEBHOOKS
from api.contract import documented
from api.etags import json_with_etag
from api.idempotency import idempotent
from api.postal_responses import Delivery, PostalCallbackReceived
from auth.guards import CITIZEN, requires
from dossiers.problems import DossierNotFound
from postal import booking, callbacks, partner, views
from postal.problems import (
    CallbackUnauthentic,
    DeliveryAlreadyBooked,
    DeliveryNotBookableNow,
    DeliveryNotFound,
    InvalidAddress,
    MalformedCallback,
    PostalReturnNotAvailable,
    UnknownPartner,
)

PHONE = r"^(0|\+84)[35789][0-9]{8}$"


class DeliveryAddress(msgspec.Struct, forbid_unknown_fields=True):
    street: Annotated[str, msgspec.Meta(min_length=1, max_length=300,
                                        description="House number and street")]
    commune_code: Annotated[str, msgspec.Meta(
        description="Ward / commune / special zone, 5 digits (Decision 19/2025/QĐ-TTg)")]
    province_code: Annotated[str, msgspec.Meta(description="One of the 34 provinces, 2 digits")]


class BookDelivery(msgspec.Struct, forbid_unknown_fields=True):
    recipient_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    phone: Annotated[str, msgspec.Meta(pattern=PHONE, description="Vietnamese mobile number")]
    address: DeliveryAddress
    postage_payment: Literal["with_fee", "on_delivery"] = "with_fee"


class CitizenDeliveryController(Controller):
    path = "/v1/dossiers/{dossier_id:str}/delivery"
    tags = ["postal"]
    opt = requires(CITIZEN)

    @documented(problems=[DossierNotFound, PostalReturnNotAvailable, DeliveryNotBookableNow,
                          DeliveryAlreadyBooked, InvalidAddress])
    @idempotent
    @post("/", operation_id="bookDelivery", status_code=201,
          summary="Ask for the result by post: quote, promised window, booking")
    async def book(self, request: Request, dossier_id: FromPath[str],
                   data: JSONBody[BookDelivery]) -> Delivery:
        """From submission until the result is handed over, for services whose result may go
        by post. The address is checked against the official units (34 provinces, communes
        since 1 July 2025). Postage `with_fee` is then paid with POST …/payments; the booking
        goes to the partner when the result is ready (status 9)."""
        wanted = booking.DeliveryRequest(
            recipient_name=data.recipient_name.strip(), phone=data.phone,
            street=data.address.street, commune_code=data.address.commune_code,
            province_code=data.address.province_code, postage_payment=data.postage_payment)
        chosen = partner.for_settings(request.app.state.settings)
        row = await booking.request_delivery(request.user, dossier_id, wanted, chosen)
        return await views.for_citizen(row)  # type: ignore[return-value]

    @documented(problems=[DossierNotFound, DeliveryNotFound], etag=True)
    @get("/", operation_id="trackDelivery",
         summary="Track the delivery: state, waybill, timeline, failed attempt and next one")
    async def track(self, request: Request, dossier_id: FromPath[str]) -> Response[Delivery]:
        """Free tracking: state, waybill, promised window, timeline; after a failed attempt its
        reason and the next attempt's date. ETag: If-None-Match gives 304."""
        row = await booking.current_booking(request.user, dossier_id)
        return json_with_etag(request, await views.for_citizen(row))


@documented(problems=[UnknownPartner, CallbackUnauthentic, MalformedCallback, DeliveryNotFound],
            request_body=POSTAL_BODY, schemas=[POSTAL_SCHEMAS], parameters=STANDARD_WEBHOOKS)
@post("/v1/callbacks/postal/{partner_name:str}", operation_id="receivePostalCallback",
      tags=["postal"], status_code=200,
      summary="Signed delivery events of a postal partner (Standard Webhooks)")
async def partner_callback(request: Request,
                           partner_name: FromPath[str]) -> PostalCallbackReceived:
    """Signed with the partner's own inbound secret (Standard Webhooks). Forged or stale
    (over 5 minutes): 401. A repeated `webhook-id`: 200 `duplicate`, nothing changed. News
    older than the booking's state: 200 `stale`, kept in the timeline only. An unknown
    booking, or another partner's: 404."""
    return await callbacks.receive(  # type: ignore[return-value]
        partner_name, await request.body(), {k.lower(): v for k, v in request.headers.items()})


ROUTES = [CitizenDeliveryController, partner_callback]
