"""HTTP routes of refunds: a citizen follows their dossier's refund orders and gives the account
to refund to; the agency's accountant works the queue of bank-transfer refunds."""

from __future__ import annotations

from typing import Annotated, cast

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from api.contract import documented
from api.idempotency import idempotent
from api.refund_schemas import (
    PayeeAccount,
    RefundAccount,
    RefundAction,
    RefundList,
    RefundPage,
    RefundStatus,
    RefundView,
)
from auth.guards import ACCOUNTANT, CITIZEN, requires
from core.i18n import negotiate
from core.problems import ValidationFailed
from dossiers.access import own_dossier
from dossiers.problems import DossierNotFound
from payments import refund_desk
from payments.problems import RefundNotFound, RefundStateConflict
from payments.refund_views import shown

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1–100).")]
BAD_CURSOR = {"parameter": "cursor", "in": "query", "detail": "Unknown or damaged cursor"}


def _locale(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


class CitizenRefundController(Controller):
    tags = ["payments"]
    opt = requires(CITIZEN)

    @documented(problems=[DossierNotFound])
    @get("/v1/dossiers/{dossier_id:str}/refunds", operation_id="listDossierRefunds",
         summary="What of the dossier's payments is refunded, by which route, and its state")
    async def list_own(self, request: Request, dossier_id: FromPath[str]) -> RefundList:
        """After a refusal, a stop or a withdrawal: each part of each payment, refunded or not
        (with the reason), its route (back to the card, or a transfer to the account the citizen
        gives) and its real state — `refunded` only once the money went back."""
        dossier = await own_dossier(request.user, dossier_id)
        locale = _locale(request)
        orders = await refund_desk.own_orders(request.user, dossier["id"])
        return cast(RefundList, {"items": [shown(order, locale) for order in orders]})

    @documented(problems=[RefundNotFound, RefundStateConflict])
    @put("/v1/refunds/{refund_id:int}/account", operation_id="giveRefundAccount",
         summary="The account to send a bank-transfer refund to (shown back masked)")
    async def give_account(self, request: Request, refund_id: FromPath[int],
                           data: JSONBody[RefundAccount]) -> RefundView:
        """For a bank-transfer refund not yet sent, or one that failed (it is then ordered again).
        The account is never logged and is shown back masked."""
        order = await refund_desk.give_account(request.user, refund_id, data.bank_bin,
                                               data.account_number, data.account_name)
        return cast(RefundView, shown(order, _locale(request)))


class AccountantRefundController(Controller):
    path = "/v1/accountant/refunds"
    tags = ["payments"]
    opt = requires(ACCOUNTANT)

    @get("/", operation_id="listRefundQueue",
         summary="The agency's refund orders to work: ordered, sent, failed (oldest first)")
    async def queue(self, request: Request,
                    status: Annotated[RefundStatus | None, QueryParameter()] = None,
                    cursor: Annotated[str | None, QueryParameter()] = None,
                    limit: Limit = 50) -> RefundPage:
        """Bank-transfer and VietQR refunds of the accountant's agency (and failed card ones),
        accounts masked; `status` narrows it; cursor pagination by id."""
        try:
            after = int(cursor) if cursor else 0
        except ValueError:
            raise ValidationFailed(extra={"errors": [BAD_CURSOR]}) from None
        rows = await refund_desk.queue(request.user, status, after, limit + 1)
        locale = _locale(request)
        more = len(rows) > limit
        rows = rows[:limit]
        return cast(RefundPage, {"items": [shown(row, locale) for row in rows],
                                 "next_cursor": str(rows[-1]["id"]) if more else None})

    @documented(problems=[RefundNotFound])
    @get("/{refund_id:int}/account", operation_id="readRefundAccount",
         summary="The citizen's full account, to make the transfer (each reading is audited)")
    async def account(self, request: Request, refund_id: FromPath[int]) -> PayeeAccount:
        """The bank BIN, account number and holder the citizen gave, and the amount to send."""
        return cast(PayeeAccount, await refund_desk.payee(request.user, refund_id))

    @documented(problems=[RefundNotFound, RefundStateConflict])
    @idempotent
    @post("/{refund_id:int}/actions", status_code=200, operation_id="actOnRefund",
          summary="Record the transfer sent (with the bank reference), reconciled, or failed")
    async def act(self, request: Request, refund_id: FromPath[int],
                  data: JSONBody[RefundAction]) -> RefundView:
        """`send` (needs the citizen's account and the bank's reference of the transfer),
        `confirm` once the statement shows it went out, `fail` with the reason (the citizen may
        then give another account). Each step is audited and told to the citizen."""
        order = await refund_desk.act(request.user, refund_id, data.action,
                                      bank_reference=data.bank_reference, reason=data.reason)
        return cast(RefundView, shown(order, _locale(request)))


ROUTES = [CitizenRefundController, AccountantRefundController]
