"""What the citizen reads: each internal state in plain Vietnamese and English, and the one thing
expected of them now. Internal states stay ours; the national code travels beside them."""

from __future__ import annotations

from typing import Any

from core.i18n import pick
from dossiers.rows import Expecting

STATUS_WORDS: dict[str, dict[str, str]] = {
    "draft": {"vi": "Bản nháp, chưa nộp", "en": "Draft, not submitted"},
    "submitted": {"vi": "Đã nộp, chờ cơ quan tiếp nhận", "en": "Submitted, awaiting receipt"},
    "received": {"vi": "Đã được tiếp nhận", "en": "Received by the agency"},
    "refused": {"vi": "Không được tiếp nhận", "en": "Not accepted"},
    "processing": {"vi": "Đang xử lý", "en": "Being processed"},
    "supplement_requested": {"vi": "Cần bổ sung giấy tờ", "en": "More documents needed"},
    "payment_requested": {"vi": "Chờ nộp phí, lệ phí", "en": "Fee payment due"},
    "withdrawn": {"vi": "Đã rút hồ sơ", "en": "Withdrawn"},
    "stopped": {"vi": "Dừng xử lý", "en": "Processing stopped"},
    "result_ready": {"vi": "Đã có kết quả", "en": "Result ready"},
    "result_returned": {"vi": "Đã trả kết quả", "en": "Result delivered"},
}

ACTION_WORDS: dict[str, dict[str, str]] = {
    "submit": {"vi": "Hoàn thiện và nộp hồ sơ", "en": "Complete and submit the dossier"},
    "pay": {"vi": "Nộp phí, lệ phí", "en": "Pay the fee"},
    "pay_at_counter": {"vi": "Nộp phí, lệ phí tại quầy một cửa",
                       "en": "Pay the fee at the one-stop desk"},
    "supplement": {"vi": "Bổ sung giấy tờ còn thiếu", "en": "Send the missing documents"},
    "wait": {"vi": "Chờ cơ quan xử lý", "en": "Wait for the agency"},
    "wait_delivery": {"vi": "Chờ bưu điện giao kết quả", "en": "Wait for the postal delivery"},
    "collect": {"vi": "Tải kết quả điện tử", "en": "Download the electronic result"},
    "collect_in_person": {"vi": "Nhận kết quả tại quầy một cửa",
                          "en": "Collect the result at the one-stop desk"},
    "none": {"vi": "Không cần làm gì thêm", "en": "Nothing more to do"},
}


def status_text(state: str, locale: str) -> str:
    return pick(STATUS_WORDS[state], locale)


def expected_action(row: Expecting, locale: str, *, online_payment: bool | None = None,
                    missing_slots: list[str] | None = None) -> dict[str, Any]:
    """The one thing expected of the citizen now: submit, pay, supplement, wait, collect, none."""
    state, delivery = row["state"], row["result_delivery"]
    extra: dict[str, Any] = {}
    if state == "draft":
        action, words = "submit", "submit"
    elif state == "payment_requested":
        action, words = "pay", "pay" if online_payment is not False else "pay_at_counter"
        extra = {"amount": row["fee_total"]}
    elif state == "supplement_requested":
        action, words = "supplement", "supplement"
        if missing_slots is not None:
            extra = {"missing_slots": missing_slots}
    elif state == "result_ready" and delivery == "postal":
        action, words = "wait", "wait_delivery"
    elif state == "result_ready":
        action = "collect"
        words = "collect" if delivery == "electronic" else "collect_in_person"
    elif state in ("submitted", "received", "processing"):
        action, words = "wait", "wait"
    else:
        action, words = "none", "none"
    return {"action": action, "text": pick(ACTION_WORDS[words], locale), **extra}
