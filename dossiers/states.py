"""The dossier state machine, as data.

Internal states are ours; each maps to the national status code (1–10) that national
synchronisation reads, and to what the citizen is shown. Every edge names the event it emits
(into the timeline and the outbox) and who may take it. Apply an edge as a guarded update
(`… WHERE state = :from`) so two concurrent actors cannot both win."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Actor = Literal["citizen", "officer", "system"]

# state → national status code (None: not yet known to the national system)
NATIONAL_STATUS: dict[str, int | None] = {
    "draft": None,
    "submitted": 1,  # Mới đăng ký
    "received": 2,  # Được tiếp nhận
    "refused": 3,  # Không được tiếp nhận
    "processing": 4,  # Đang xử lý
    "supplement_requested": 5,  # Yêu cầu bổ sung giấy tờ
    "payment_requested": 6,  # Yêu cầu thực hiện nghĩa vụ tài chính
    "withdrawn": 7,  # Công dân yêu cầu rút hồ sơ
    "stopped": 8,  # Dừng xử lý
    "result_ready": 9,  # Đã xử lý xong
    "result_returned": 10,  # Đã trả kết quả
}

TERMINAL = frozenset({"refused", "withdrawn", "stopped", "result_returned"})


@dataclass(frozen=True)
class Transition:
    action: str  # what the actor asks for (API action name)
    source: str
    target: str
    event: str  # emitted into the timeline and the outbox
    actor: Actor


def _edges() -> list[Transition]:
    t = Transition
    edges = [
        t("submit", "draft", "submitted", "dossier.submitted", "citizen"),
        # A dossier brought to the one-stop desk or sent by post, registered by an officer
        # (dossiers/counter.py): the same submission, with the same event.
        t("submit", "draft", "submitted", "dossier.submitted", "officer"),
        t("receive", "submitted", "received", "dossier.received", "officer"),
        t("refuse", "submitted", "refused", "dossier.refused", "officer"),
        t("request_supplement", "submitted", "supplement_requested",
          "dossier.supplement_requested", "officer"),
        t("request_supplement", "received", "supplement_requested",
          "dossier.supplement_requested", "officer"),
        t("request_supplement", "processing", "supplement_requested",
          "dossier.supplement_requested", "officer"),
        t("supplement", "supplement_requested", "processing", "dossier.supplemented", "citizen"),
        t("request_payment", "received", "payment_requested", "dossier.payment_requested",
          "officer"),
        t("request_payment", "processing", "payment_requested",
          "dossier.payment_requested", "officer"),
        # Money settled through a verified callback or query, or marked paid at the counter.
        t("mark_paid", "payment_requested", "processing", "dossier.paid", "system"),
        t("mark_paid", "payment_requested", "processing", "dossier.paid", "officer"),
        t("process", "received", "processing", "dossier.processing", "officer"),
        t("finish", "processing", "result_ready", "dossier.result_ready", "officer"),
        t("hand_over", "result_ready", "result_returned", "dossier.result_returned", "officer"),
        # Postal partner reports delivery of the result.
        t("hand_over", "result_ready", "result_returned", "dossier.result_returned", "system"),
    ]
    for source in ("received", "processing", "supplement_requested", "payment_requested"):
        edges.append(t("stop", source, "stopped", "dossier.stopped", "officer"))
    # A citizen may withdraw until a result exists.
    for source in ("submitted", "received", "processing", "supplement_requested",
                   "payment_requested"):
        edges.append(t("withdraw", source, "withdrawn", "dossier.withdrawn", "citizen"))
    return edges


TRANSITIONS: tuple[Transition, ...] = tuple(_edges())
STATES: frozenset[str] = frozenset(NATIONAL_STATUS)
ACTIONS: frozenset[str] = frozenset(edge.action for edge in TRANSITIONS)


def find(action: str, source: str, actor: Actor) -> Transition | None:
    for edge in TRANSITIONS:
        if edge.action == action and edge.source == source and edge.actor == actor:
            return edge
    return None


def sources_of(action: str, actor: Actor) -> list[str]:
    return [edge.source for edge in TRANSITIONS if edge.action == action and edge.actor == actor]
