"""HTTP routes of postal return: a citizen books and tracks the delivery of a result; postal
partners call back with signed delivery events."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody

from api.etags import json_with_etag
from api.idempotency import idempotent
from auth.guards import CITIZEN, requires
from postal import booking, callbacks, partner, views

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

    @idempotent
    @post("/", operation_id="bookDelivery", status_code=201,
          summary="Ask for the result by post: quote, promised window, booking")
    async def book(self, request: Request, dossier_id: FromPath[str],
                   data: JSONBody[BookDelivery]) -> dict[str, Any]:
        wanted = booking.DeliveryRequest(
            recipient_name=data.recipient_name.strip(), phone=data.phone,
            street=data.address.street, commune_code=data.address.commune_code,
            province_code=data.address.province_code, postage_payment=data.postage_payment)
        chosen = partner.for_settings(request.app.state.settings)
        row = await booking.request_delivery(request.user, dossier_id, wanted, chosen)
        return await views.for_citizen(row)

    @get("/", operation_id="trackDelivery",
         summary="Track the delivery: state, waybill, timeline, failed attempt and next one")
    async def track(self, request: Request, dossier_id: FromPath[str]) -> Response[Any]:
        row = await booking.current_booking(request.user, dossier_id)
        return json_with_etag(request, await views.for_citizen(row))


@post("/v1/callbacks/postal/{partner_name:str}", operation_id="receivePostalCallback",
      tags=["postal"], status_code=200,
      summary="Signed delivery events of a postal partner (Standard Webhooks)")
async def partner_callback(request: Request, partner_name: FromPath[str]) -> dict[str, Any]:
    return await callbacks.receive(partner_name, await request.body(),
                                   {k.lower(): v for k, v in request.headers.items()})


ROUTES = [CitizenDeliveryController, partner_callback]
