"""Which dossier outcomes refund what: a rule table per service (Service.refund_rules, edited
as data), over these defaults:

- refused at intake (không được tiếp nhận) or stopped by the agency (dừng xử lý): the fee and
  the postage are refunded — the citizen is not at fault;
- withdrawn by the citizen before processing started: the fee and the postage;
- withdrawn after processing started: the fee is not refunded (the work was done), the postage
  is refunded if it was not yet spent (the result never left the agency).

A rule is {"fee": true|false, "postage": "all"|"unspent"|"none"}. Each paid attempt is split by
its lines into what is refunded and what is not, so the citizen sees both, with the reason."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypedDict


class RefundRule(TypedDict, total=False):
    """What one outcome refunds. A service's rules are data an admin edits: a key left out
    refunds nothing of its kind."""

    fee: bool
    postage: str  # all | unspent | none


DEFAULT_RULES: dict[str, RefundRule] = {
    "refused": {"fee": True, "postage": "all"},
    "stopped": {"fee": True, "postage": "all"},
    "withdrawn_before_processing": {"fee": True, "postage": "all"},
    "withdrawn_after_processing": {"fee": False, "postage": "unspent"},
}
# Dossier states in which processing had started (the agency worked on it).
PROCESSING_STARTED = frozenset({"processing", "supplement_requested"})

REASONS = {
    "fee_kept_after_processing": (
        "Hồ sơ rút sau khi đã bắt đầu xử lý: phí, lệ phí không được hoàn lại",
        "Withdrawn after processing started: the fee is not refunded"),
    "postage_spent": ("Kết quả đã được gửi qua bưu chính: cước đã sử dụng",
                      "The result was already sent by post: the postage was used"),
    "rule_keeps_it": ("Quy định của thủ tục không hoàn lại khoản này",
                      "The procedure's rules do not refund this"),
}


def outcome_of(topic: str, state_before: str) -> str:
    """The rule key of a dossier event (dossier.refused / .stopped / .withdrawn)."""
    kind = topic.rsplit(".", 1)[-1]
    if kind == "withdrawn":
        started = state_before in PROCESSING_STARTED
        return "withdrawn_after_processing" if started else "withdrawn_before_processing"
    return kind


def rule_for(service_rules: dict[str, RefundRule] | None, outcome: str) -> RefundRule:
    rule = (service_rules or {}).get(outcome) or DEFAULT_RULES.get(outcome)
    return rule or {"fee": False, "postage": "none"}


@dataclass(frozen=True)
class Part:
    covers: str  # fee | postage
    amount: int
    refundable: bool
    reason: str = ""  # a key of REASONS when not refundable


SpentFn = Callable[[dict[str, Any]], Awaitable[bool]]


async def split(lines: list[dict[str, Any]], outcome: str, rule: RefundRule,
                spent: SpentFn) -> list[Part]:
    """The attempt's lines grouped into the fee part and the postage part, each marked
    refundable or not under `rule`. `spent(line)` says whether an extra charge was used."""
    fee = sum(int(line["amount"]) for line in lines if not line.get("charge"))
    parts: list[Part] = []
    if fee:
        kept_because = ("fee_kept_after_processing" if outcome == "withdrawn_after_processing"
                        else "rule_keeps_it")
        parts.append(Part("fee", fee, bool(rule.get("fee")),
                          "" if rule.get("fee") else kept_because))
    for line in lines:
        if not line.get("charge") or not line["amount"]:
            continue
        mode = rule.get("postage", "none")
        used = mode == "unspent" and await spent(line)
        ok = mode == "all" or (mode == "unspent" and not used)
        parts.append(Part(line["charge"], int(line["amount"]), ok,
                          "" if ok else "postage_spent" if used else "rule_keeps_it"))
    return parts
