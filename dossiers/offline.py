"""Full-process vs partial services (Decree 42/2022/NĐ-CP Art. 11).

A full-process service does everything online: the fee is paid online and the result comes
electronically or by public post, never "come to the counter". A partial service states which
steps happen at the counter, with the published reason (Decree 224/2026), and refuses to
pretend an online step it lacks exists."""

from __future__ import annotations

from typing import Any

from core.problems import ValidationFailed
from dossiers.context import is_full_process
from dossiers.problems import StepNotOnline
from dossiers.rows import ServiceRow

DELIVERIES = ("electronic", "postal", "in_person")


def delivery_options(service: ServiceRow) -> list[str]:
    """How this service can return its result, in order of preference."""
    options = []
    if service["result_electronic"]:
        options.append("electronic")
    # Results the law requires be collected in person are not postal-eligible (Decision 45/2016).
    if service["result_postal"] and service["postal_eligible"]:
        options.append("postal")
    if service["result_in_person"] and not is_full_process(service):
        options.append("in_person")
    return options


def choose_delivery(service: ServiceRow, wanted: str | None) -> str:
    options = delivery_options(service)
    if wanted is None and options:
        return options[0]
    if wanted == "electronic" and "electronic" not in options:
        raise StepNotOnline(extra={"step": "electronic_result", **partial_reason(service)})
    if wanted not in options:
        raise ValidationFailed(extra={"errors": [{
            "pointer": "/result_delivery",
            "detail": f"This service returns its result by: {', '.join(options) or 'nothing'}"}]})
    return wanted


def partial_reason(service: ServiceRow) -> dict[str, str]:
    return {"reason_vi": service["partial_reason_vi"], "reason_en": service["partial_reason_en"]}


def offline_steps(service: ServiceRow, documents: list[dict[str, Any]], fee_total: int,
                  result_delivery: str) -> list[dict[str, Any]]:
    """The steps of a partial service done at the counter, each with the service's reason."""
    if is_full_process(service):
        return []
    reason = partial_reason(service)
    steps = [{"step": "bring_original", "slot": doc["slot"], "name_vi": doc["name_vi"],
              "name_en": doc["name_en"], **reason}
             for doc in documents if doc["original_at_counter"]]
    if fee_total > 0 and not service["online_payment"]:
        steps.append({"step": "pay_at_counter", "amount": fee_total, **reason})
    if result_delivery == "in_person":
        steps.append({"step": "collect_in_person", **reason})
    return steps
