"""The feedback state machine, as data (the shape of core/states.py).

received → answering (an officer takes it) → answered → closed (the citizen is satisfied with
the answer, or said nothing for settings.feedback_close_days: feedback/closing.py). An officer may
also answer straight from `received`. Every edge names the event it
emits into the outbox and who may take it; edges are applied as guarded updates
(feedback/transitions.py), so two officers answering at once cannot both win."""

from __future__ import annotations

from enum import StrEnum

from core.states import ActorKind, Edge, Machine

Actor = ActorKind


class FeedbackState(StrEnum):
    RECEIVED = "received"
    ANSWERING = "answering"
    ANSWERED = "answered"
    CLOSED = "closed"


S = FeedbackState
STATE_WORDS: dict[FeedbackState, dict[str, str]] = {
    S.RECEIVED: {"vi": "Đã tiếp nhận", "en": "Received"},
    S.ANSWERING: {"vi": "Đang xử lý, trả lời", "en": "Being answered"},
    S.ANSWERED: {"vi": "Đã trả lời", "en": "Answered"},
    S.CLOSED: {"vi": "Đã đóng", "en": "Closed"},
}
STATES: frozenset[FeedbackState] = frozenset(FeedbackState)
OPEN = (S.RECEIVED, S.ANSWERING)  # awaiting the agency: the response deadline runs
TERMINAL = frozenset({S.CLOSED})
KINDS = {"phan_anh": {"vi": "Phản ánh", "en": "Feedback"},
         "kien_nghi": {"vi": "Kiến nghị", "en": "Complaint or proposal"}}

FEEDBACK: Machine[FeedbackState] = Machine("feedback", FeedbackState, (S.RECEIVED,), TERMINAL, (
    Edge("take", (S.RECEIVED,), S.ANSWERING, "feedback.answering", ("officer",)),
    Edge("answer", (S.RECEIVED, S.ANSWERING), S.ANSWERED, "feedback.answered", ("officer",)),
    Edge("close", (S.ANSWERED,), S.CLOSED, "feedback.closed", ("citizen", "system")),
))
