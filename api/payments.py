"""HTTP routes of fee payment: a citizen starts and follows a payment, gateways call back,
officers resolve money that did not match, operators see stuck payments."""

from __future__ import annotations

from typing import Annotated, cast

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.callback_docs import (
    PAYMENT_ANSWERS,
    PAYMENT_BODY,
    PAYMENT_SCHEMAS,
    SANDBOX_SIGNATURE,
    STANDARD_WEBHOOKS,
    STRIPE_SIGNATURE,
)
from api.contract import documented
from api.errors import NotAcceptable
from api.etags import json_with_etag
from api.idempotency import idempotent
from api.payment_responses import Payment, Receipt, ReviewItem, ReviewPage, StuckPage
from api.payment_schemas import ResolveReview, StartPayment
from api.query_check import LENIENT_QUERY
from api.refunds import ROUTES as refund_routes
from api.summary_schemas import DossierPaymentPage
from auth.guards import ADMIN, CITIZEN, OFFICER, requires
from dossiers.problems import DossierNotFound
from payments import callbacks, history, reconcile, review, service
from payments.attempts import answer, loaded, own_attempt
from payments.problems import (
    CallbackRefused,
    CallbackUnauthentic,
    FeeAlreadyPaid,
    NoFeeDue,
    NotPayableNow,
    PaymentNotFound,
    PaymentNotOfferedOnline,
    ProviderUnavailable,
    QrNotAvailable,
    ReceiptNotReady,
    ReviewCannotAccept,
    ReviewClosed,
    ReviewNotFound,
    UnknownMethod,
    UnknownProvider,
)
from payments.provider import Inbound
from payments.receipts import of_attempt

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]


class CitizenPaymentController(Controller):
    tags = ["payments"]
    opt = requires(CITIZEN)

    @documented(problems=[DossierNotFound, NoFeeDue, FeeAlreadyPaid, NotPayableNow,
                          PaymentNotOfferedOnline, UnknownMethod, ProviderUnavailable])
    @idempotent
    @post("/v1/dossiers/{dossier_id:str}/payments", operation_id="startPayment", status_code=201,
          summary="Start paying the fee due (returns the pending payment if one exists)")
    async def start(self, request: Request, dossier_id: FromPath[str],
                    data: JSONBody[StartPayment]) -> Payment:
        """One open payment per dossier: while one is pending for the same amount it is
        returned again (so is a retry with the same Idempotency-Key). The fee due, plus the
        postage of a postal return booked `with_fee`. `checkout` holds what the app needs for
        the method; the state changes only on the gateway's verified callback or a query."""
        settings = request.app.state.settings
        row = await service.start_payment(request.user, dossier_id, data.method,
                                          sandbox=settings.sandbox_providers,
                                          base_url=settings.public_base_url or "")
        return answer(row)  # type: ignore[return-value]

    @documented(problems=[DossierNotFound], etag=True)
    @get("/v1/dossiers/{dossier_id:str}/payments", operation_id="listDossierPayments",
         summary="The dossier's payment attempts, newest first, with receipts and refunds")
    async def list_for_dossier(self, request: Request, dossier_id: FromPath[str],
                               cursor: FromQuery[str | None] = None,
                               limit: Limit = 20) -> Response[DossierPaymentPage]:
        """Every attempt of the applicant's own dossier (someone else's: 404), newest first,
        by cursor. Each carries its receipt once paid, and the refunds made or ordered on it
        in their real state (`requested` until the money went back, then `done`)."""
        page = await history.dossier_payments(request.user, dossier_id, cursor, limit)
        return json_with_etag(request, page, private=True)

    # The return URL of checkouts: the platforms append their own parameters (a card platform's
    # payment_intent, redirect_status…), which decide nothing (a verified callback or a query
    # does): accepted, not refused.
    @documented(problems=[PaymentNotFound], etag=True)
    @get("/v1/payments/{payment_id:str}", operation_id="getPayment",
         summary="A payment's state and checkout", opt=LENIENT_QUERY)
    async def detail(self, request: Request, payment_id: FromPath[str]) -> Response[Payment]:
        """Follow it until `succeeded` (then GET its receipt), `failed`, `expired` or
        `cancelled`. ETag: send If-None-Match to poll cheaply (304)."""
        return json_with_etag(request, answer(await own_attempt(request.user, payment_id)))

    @documented(problems=[PaymentNotFound, QrNotAvailable, NotAcceptable], binary={
        "image/png": "the default", "image/svg+xml": "", "text/plain": "the EMVCo string"})
    @get("/v1/payments/{payment_id:str}/qr", operation_id="getPaymentQr",
         summary="The VietQR: PNG, SVG (Accept: image/svg+xml) or the EMVCo string (text/plain)")
    async def qr(self, request: Request, payment_id: FromPath[str]) -> Response[bytes]:
        """While the payment is open (created or pending). Any banking app scans it: NAPAS
        VietQR, dynamic, with the amount and the transfer content carrying the reference."""
        attempt = await own_attempt(request.user, payment_id)
        payload = (loaded(attempt["checkout"]) or {}).get("qr_payload")
        if not payload or attempt["state"] not in ("created", "pending"):
            raise QrNotAvailable()
        # Loaded on first use: qrcode and Pillow cost an API process that draws no code.
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

    @documented(problems=[PaymentNotFound, ReceiptNotReady], etag=True)
    @get("/v1/payments/{payment_id:str}/receipt", operation_id="getReceipt",
         summary="The receipt (biên lai) once paid")
    async def receipt(self, request: Request, payment_id: FromPath[str]) -> Response[Receipt]:
        """The electronic receipt (biên lai điện tử) once the payment succeeded; 404
        `receipt-not-found` before."""
        found = await of_attempt(await own_attempt(request.user, payment_id))
        if found is None:
            raise ReceiptNotReady()
        return json_with_etag(request, found)

    @documented(problems=[PaymentNotFound, ReceiptNotReady], binary={"application/pdf": ""})
    @get("/v1/payments/{payment_id:str}/receipt/pdf", operation_id="downloadReceiptPdf",
         media_type="application/pdf",
         summary="The receipt (biên lai điện tử) as a PDF, with refunds in their real state")
    async def receipt_pdf(self, request: Request, payment_id: FromPath[str]) -> Response[bytes]:
        """Series and number, agency, payer, fee lines with their legal basis, total, date,
        payment references and refunds; 404 `receipt-not-found` before the payment succeeded."""
        found = await of_attempt(await own_attempt(request.user, payment_id))
        if found is None:
            raise ReceiptNotReady()
        # Loaded on first use, as fpdf2 is: most processes never print a receipt.
        from payments.receipt_pdf import render

        return Response(render(found), media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{found["number"]}.pdf"',
            "Cache-Control": "private, no-store"})


@documented(problems=[UnknownProvider, CallbackRefused, CallbackUnauthentic],
            request_body=PAYMENT_BODY, responses=PAYMENT_ANSWERS, schemas=[PAYMENT_SCHEMAS],
            parameters=[*STANDARD_WEBHOOKS, STRIPE_SIGNATURE, SANDBOX_SIGNATURE])
@post("/v1/callbacks/payments/{provider:str}", operation_id="receivePaymentCallback",
      tags=["payments"], status_code=200,
      opt=LENIENT_QUERY,  # a gateway's protocol may add parameters; the signed body decides
      summary="Signed callbacks of payment gateways and bank-transfer notices")
async def provider_callback(request: Request, provider: FromPath[str]) -> Response[dict]:
    """`provider`: `card` (Stripe-Signature), `bank_transfer` (Standard Webhooks headers),
    `national` (the platform's Checksum field). Nothing is recorded from a forged or stale
    message. A duplicate is answered like the first and changes nothing. Refusals are
    problem+json (card and bank notices: 400 malformed, 401 signature or time), except the
    national platform's, which its protocol reads from `MaLoi` in a 200."""
    inbound = Inbound(body=await request.body(),
                      headers={k.lower(): v for k, v in request.headers.items()},
                      query={k: v for k, v in request.query_params.items()})
    ack = await callbacks.receive(provider, inbound)
    return Response(content=ack.body, status_code=ack.status_code, media_type=ack.media_type)


class OfficerReviewController(Controller):
    path = "/v1/officer/payments/review"
    tags = ["payments"]
    opt = requires(OFFICER)

    @documented(problems=[])
    @get("/", operation_id="listPaymentReviews",
         summary="Money of the agency that did not match a fee (open items)")
    async def list_open(self, request: Request) -> ReviewPage:
        """Credits of the officer's agency that did not settle a fee: wrong amount, unknown
        or expired reference, a second payment."""
        # The domain builds this dict; the contract tests hold it to the schema.
        return cast(ReviewPage, {"items": await review.open_items(request.user)})

    @documented(problems=[ReviewNotFound, ReviewClosed, ReviewCannotAccept])
    @post("/{review_id:int}/resolve", operation_id="resolvePaymentReview", status_code=200,
          summary="Accept as the fee, order a refund, or reject (with a note)")
    async def resolve(self, request: Request, review_id: FromPath[int],
                      data: JSONBody[ResolveReview]) -> ReviewItem:
        """Once: a second resolution is 409 `payment-review-resolved`."""
        resolved = await review.resolve(request.user, review_id, data.resolution, data.note)
        return cast(ReviewItem, resolved)


@get("/v1/ops/payments/stuck", operation_id="listStuckPayments",
     tags=["payments", "ops"], opt=requires(ADMIN),
     summary="Payments pending longer than the reconciliation threshold")
async def stuck_payments() -> StuckPage:
    """Open payments older than the reconciliation threshold, which the periodic query has
    not settled: for an operator to look at the provider's side."""
    rows = await reconcile.stuck()
    # Without the checkout: a client secret is the citizen's, not the operator's.
    return cast(StuckPage, {"items": [{**answer(row), "checkout": {}, "provider": row["provider"],
                                       "created_at": row["created_at"].isoformat()}
                                      for row in rows]})


ROUTES = [CitizenPaymentController, provider_callback, OfficerReviewController, stuck_payments,
          *refund_routes]
