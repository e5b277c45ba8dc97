"""The feedback state machine, as data (the shape of dossiers/states.py).

received → answering (an officer takes it) → answered → closed (the citizen is satisfied with
the answer, or said nothing for settings.feedback_close_days: feedback/closing.py). An officer may
also answer straight from `received`. Every edge names the event it
emits into the outbox and who may take it; edges are applied as guarded updates
(feedback/transitions.py), so two officers answering at once cannot both win."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Actor = Literal["citizen", "officer", "system"]

STATE_WORDS: dict[str, dict[str, str]] = {
    "received": {"vi": "Đã tiếp nhận", "en": "Received"},
    "answering": {"vi": "Đang xử lý, trả lời", "en": "Being answered"},
    "answered": {"vi": "Đã trả lời", "en": "Answered"},
    "closed": {"vi": "Đã đóng", "en": "Closed"},
}
STATES = frozenset(STATE_WORDS)
OPEN = ("received", "answering")  # awaiting the agency: the response deadline runs
TERMINAL = frozenset({"closed"})
KINDS = {"phan_anh": {"vi": "Phản ánh", "en": "Feedback"},
         "kien_nghi": {"vi": "Kiến nghị", "en": "Complaint or proposal"}}


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    event: str
    actor: Actor


TRANSITIONS: tuple[Transition, ...] = (
    Transition("take", "received", "answering", "feedback.answering", "officer"),
    Transition("answer", "received", "answered", "feedback.answered", "officer"),
    Transition("answer", "answering", "answered", "feedback.answered", "officer"),
    Transition("close", "answered", "closed", "feedback.closed", "citizen"),
    Transition("close", "answered", "closed", "feedback.closed", "system"),
)


def find(action: str, source: str, actor: Actor) -> Transition | None:
    for edge in TRANSITIONS:
        if edge.action == action and edge.source == source and edge.actor == actor:
            return edge
    return None


def allowed_actions(state: str, actor: Actor) -> list[str]:
    return sorted({e.action for e in TRANSITIONS if e.source == state and e.actor == actor})
