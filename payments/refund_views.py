"""Refund orders as people read them: the citizen (their dossier's orders, the account they gave
masked) and the agency's accountant (the queue, masked; the full account only on request, which
is audited). Texts follow the real state only."""

from __future__ import annotations

from typing import Any

from payments.refund_orders import RefundOrderRow
from payments.refund_rules import REASONS

STATUS_TEXTS = {
    "ordered": ("Đã lập lệnh hoàn tiền, chờ cơ quan chuyển trả",
                "Refund ordered; waiting for the agency to send it"),
    "sent": ("Cơ quan đã chuyển khoản hoàn tiền, chờ xác nhận tiền đã về",
             "The agency sent the transfer; waiting for confirmation"),
    "refunded": ("Đã hoàn tiền", "Refunded"),
    "failed": ("Hoàn tiền không thành công", "The refund failed"),
    "not_refundable": ("Không được hoàn lại", "Not refundable"),
}
ROUTE_TEXTS = {
    "platform": ("Hoàn về thẻ/ví đã dùng để thanh toán", "Back to the card or wallet used"),
    "bank_transfer": ("Chuyển khoản về tài khoản do công dân cung cấp",
                      "Bank transfer to the account the citizen gives"),
}


def _pick(pair: tuple[str, str], locale: str) -> str:
    return pair[1] if locale == "en" else pair[0]


def mask_number(number: str) -> str:
    return f"•••• {number[-4:]}" if number else ""


def mask_name(name: str) -> str:
    """First letter of each word: enough for the citizen to recognise, nothing more."""
    return " ".join(word[0] + "•" * (len(word) - 1) for word in name.split())


def needs_account(order: RefundOrderRow) -> bool:
    return (order["route"] == "bank_transfer" and order["status"] in ("ordered", "failed")
            and (order["payee_given_at"] is None or order["status"] == "failed"))


def payee_masked(order: RefundOrderRow) -> dict[str, str] | None:
    if order["payee_given_at"] is None:
        return None
    return {"bank_bin": order["payee_bank_bin"],
            "account_number": mask_number(order["payee_account_number"]),
            "account_name": mask_name(order["payee_account_name"])}


def shown(order: RefundOrderRow, locale: str) -> dict[str, Any]:
    status = order["status"]
    text = _pick(STATUS_TEXTS[status], locale)
    if needs_account(order):
        text += (". Please give the account to refund to." if locale == "en"
                 else ". Vui lòng cung cấp tài khoản nhận tiền hoàn.")
    reason = REASONS.get(order["reason"])
    return {
        "id": order["id"], "payment_id": str(order["attempt"]),
        "dossier_id": str(order["dossier"]), "amount": order["amount"], "currency": "VND",
        "covers": order["covers"], "outcome": order["outcome"] or None,
        "status": status, "status_text": text,
        "route": order["route"], "route_text": _pick(ROUTE_TEXTS[order["route"]], locale),
        "reason": _pick(reason, locale) if reason else None,
        "needs_account": needs_account(order), "payee": payee_masked(order),
        "bank_reference": order["bank_reference"] or None,
        "failure_reason": order["failure_reason"] or None,
        "created_at": order["created_at"], "sent_at": order["sent_at"],
        "completed_at": order["completed_at"],
    }
