"""HTTP routes of fee payment: a citizen starts and follows a payment, gateways call back,
officers resolve money that did not match, operators see stuck payments."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.errors import NotAcceptable
from api.etags import json_with_etag
from api.idempotency import idempotent
from api.payment_schemas import ResolveReview, StartPayment
from api.query_check import LENIENT_QUERY
from api.summary_schemas import DossierPaymentPage
from auth.guards import ADMIN, CITIZEN, OFFICER, requires
from payments import callbacks, history, reconcile, review, service
from payments.attempts import answer, loaded, own_attempt
from payments.problems import QrNotAvailable, ReceiptNotReady
from payments.provider import Inbound
from payments.receipts import of_attempt

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]


class CitizenPaymentController(Controller):
    tags = ["payments"]
    opt = requires(CITIZEN)

    @idempotent
    @post("/v1/dossiers/{dossier_id:str}/payments", status_code=201,
          summary="Start paying the fee due (returns the pending payment if one exists)")
    async def start(self, request: Request, dossier_id: FromPath[str],
                    data: JSONBody[StartPayment]) -> dict[str, Any]:
        settings = request.app.state.settings
        row = await service.start_payment(request.user, dossier_id, data.method,
                                          sandbox=settings.sandbox_providers,
                                          base_url=settings.public_base_url or "")
        return answer(row)

    @get("/v1/dossiers/{dossier_id:str}/payments", operation_id="listDossierPayments",
         summary="The dossier's payment attempts, newest first, with receipts and refunds")
    async def list_for_dossier(self, request: Request, dossier_id: FromPath[str],
                               cursor: FromQuery[str | None] = None,
                               limit: Limit = 20) -> Response[DossierPaymentPage]:
        page = await history.dossier_payments(request.user, dossier_id, cursor, limit)
        return json_with_etag(request, page, private=True)

    # The return URL of checkouts: the platforms append their own parameters (a card platform's
    # payment_intent, redirect_status…), which decide nothing (a verified callback or a query
    # does): accepted, not refused.
    @get("/v1/payments/{payment_id:str}", summary="A payment's state and checkout",
         opt=LENIENT_QUERY)
    async def detail(self, request: Request, payment_id: FromPath[str]) -> Response[Any]:
        return json_with_etag(request, answer(await own_attempt(request.user, payment_id)))

    @get("/v1/payments/{payment_id:str}/qr",
         summary="The VietQR: PNG, SVG (Accept: image/svg+xml) or the EMVCo string (text/plain)")
    async def qr(self, request: Request, payment_id: FromPath[str]) -> Response[bytes]:
        attempt = await own_attempt(request.user, payment_id)
        payload = (loaded(attempt["checkout"]) or {}).get("qr_payload")
        if not payload or attempt["state"] not in ("created", "pending"):
            raise QrNotAvailable()
        from payments.vietqr import image

        wanted = request.accept.best_match(["image/png", "image/svg+xml", "text/plain"])
        if wanted is None:  # e.g. Accept: application/pdf — say so rather than send a PNG
            raise NotAcceptable(detail={"vi": "Mã QR có dạng image/png, image/svg+xml hoặc "
                                              "text/plain.",
                                        "en": "The QR comes as image/png, image/svg+xml or "
                                              "text/plain."})
        headers = {"Vary": "Accept", "Cache-Control": "private, no-store"}
        if wanted == "text/plain":
            return Response(payload.encode(), media_type="text/plain; charset=utf-8",
                            headers=headers)
        if wanted == "image/svg+xml":
            return Response(image.svg(payload), media_type="image/svg+xml", headers=headers)
        return Response(image.png(payload), media_type="image/png", headers=headers)

    @get("/v1/payments/{payment_id:str}/receipt", summary="The receipt (biên lai) once paid")
    async def receipt(self, request: Request, payment_id: FromPath[str]) -> Response[Any]:
        found = await of_attempt(await own_attempt(request.user, payment_id))
        if found is None:
            raise ReceiptNotReady()
        return json_with_etag(request, found)


@post("/v1/callbacks/payments/{provider:str}", tags=["payments"], status_code=200,
      opt=LENIENT_QUERY,  # a gateway's protocol may add parameters; the signed body decides
      summary="Signed callbacks of payment gateways and bank-transfer notices")
async def provider_callback(request: Request, provider: FromPath[str]) -> Response[Any]:
    inbound = Inbound(body=await request.body(),
                      headers={k.lower(): v for k, v in request.headers.items()},
                      query={k: v for k, v in request.query_params.items()})
    ack = await callbacks.receive(provider, inbound)
    return Response(content=ack.body, status_code=ack.status_code, media_type=ack.media_type)


class OfficerReviewController(Controller):
    path = "/v1/officer/payments/review"
    tags = ["payments"]
    opt = requires(OFFICER)

    @get("/", summary="Money of the agency that did not match a fee (open items)")
    async def list_open(self, request: Request) -> dict[str, Any]:
        return {"items": await review.open_items(request.user)}

    @post("/{review_id:int}/resolve", status_code=200,
          summary="Accept as the fee, order a refund, or reject (with a note)")
    async def resolve(self, request: Request, review_id: FromPath[int],
                      data: JSONBody[ResolveReview]) -> dict[str, Any]:
        return await review.resolve(request.user, review_id, data.resolution, data.note)


@get("/v1/ops/payments/stuck", tags=["payments", "ops"], opt=requires(ADMIN),
     summary="Payments pending longer than the reconciliation threshold")
async def stuck_payments() -> dict[str, Any]:
    rows = await reconcile.stuck()
    # Without the checkout: a client secret is the citizen's, not the operator's.
    return {"items": [{**answer(row), "checkout": {}, "provider": row["provider"],
                       "created_at": row["created_at"].isoformat()} for row in rows]}


ROUTES = [CitizenPaymentController, provider_callback, OfficerReviewController, stuck_payments]
