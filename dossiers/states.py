"""The dossier state machine, as data (the shape of core/states.py).

Internal states are ours; each maps to the national status code (1–10) that national
synchronisation reads, and to what the citizen is shown. Every edge names the event it emits
(into the timeline and the outbox) and who may take it. Apply an edge as a guarded update
(`… WHERE state = :from`) so two concurrent actors cannot both win."""

from __future__ import annotations

from enum import StrEnum

from core.states import ActorKind, Edge, Machine

Actor = ActorKind


class DossierState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    REFUSED = "refused"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    PAYMENT_REQUESTED = "payment_requested"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    RESULT_READY = "result_ready"
    RESULT_RETURNED = "result_returned"


S = DossierState

# state → national status code (None: not yet known to the national system)
NATIONAL_STATUS: dict[DossierState, int | None] = {
    S.DRAFT: None,
    S.SUBMITTED: 1,  # Mới đăng ký
    S.RECEIVED: 2,  # Được tiếp nhận
    S.REFUSED: 3,  # Không được tiếp nhận
    S.PROCESSING: 4,  # Đang xử lý
    S.SUPPLEMENT_REQUESTED: 5,  # Yêu cầu bổ sung giấy tờ
    S.PAYMENT_REQUESTED: 6,  # Yêu cầu thực hiện nghĩa vụ tài chính
    S.WITHDRAWN: 7,  # Công dân yêu cầu rút hồ sơ
    S.STOPPED: 8,  # Dừng xử lý
    S.RESULT_READY: 9,  # Đã xử lý xong
    S.RESULT_RETURNED: 10,  # Đã trả kết quả
}

TERMINAL = frozenset({S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RESULT_RETURNED})
STATES: frozenset[DossierState] = frozenset(DossierState)

DOSSIER: Machine[DossierState] = Machine("dossier", DossierState, (S.DRAFT,), TERMINAL, (
    # A dossier brought to the one-stop desk or sent by post is registered by an officer
    # (dossiers/counter.py): the same submission, with the same event.
    Edge("submit", (S.DRAFT,), S.SUBMITTED, "dossier.submitted", ("citizen", "officer")),
    Edge("receive", (S.SUBMITTED,), S.RECEIVED, "dossier.received", ("officer",)),
    Edge("refuse", (S.SUBMITTED,), S.REFUSED, "dossier.refused", ("officer",)),
    Edge("request_supplement", (S.SUBMITTED, S.RECEIVED, S.PROCESSING), S.SUPPLEMENT_REQUESTED,
         "dossier.supplement_requested", ("officer",)),
    Edge("supplement", (S.SUPPLEMENT_REQUESTED,), S.PROCESSING, "dossier.supplemented",
         ("citizen",)),
    Edge("request_payment", (S.RECEIVED, S.PROCESSING), S.PAYMENT_REQUESTED,
         "dossier.payment_requested", ("officer",)),
    # Money settled through a verified callback or query, or marked paid at the counter.
    Edge("mark_paid", (S.PAYMENT_REQUESTED,), S.PROCESSING, "dossier.paid", ("system", "officer")),
    Edge("process", (S.RECEIVED,), S.PROCESSING, "dossier.processing", ("officer",)),
    Edge("finish", (S.PROCESSING,), S.RESULT_READY, "dossier.result_ready", ("officer",)),
    # Handed over at the counter, or reported delivered by the postal partner.
    Edge("hand_over", (S.RESULT_READY,), S.RESULT_RETURNED, "dossier.result_returned",
         ("officer", "system")),
    Edge("stop", (S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED),
         S.STOPPED, "dossier.stopped", ("officer",)),
    # A citizen may withdraw until a result exists.
    Edge("withdraw", (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED,
                      S.PAYMENT_REQUESTED), S.WITHDRAWN, "dossier.withdrawn", ("citizen",)),
))
