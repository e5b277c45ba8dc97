"""Request and response bodies of the feedback paths. No `from __future__ import annotations`
here: the OpenAPI schema is built from these TypedDicts."""

from datetime import datetime
from typing import Annotated, Literal, NotRequired, TypedDict
from uuid import UUID

import msgspec

Subject = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]


class FeedbackRequest(msgspec.Struct, forbid_unknown_fields=True):
    """`kind`: `phan_anh` (feedback on a problem) or `kien_nghi` (a complaint or proposal).
    About exactly one of: `dossier_id` (a dossier of yours) or `service_code` (a service)."""

    kind: Literal["phan_anh", "kien_nghi"]
    subject: Subject
    body: Body
    dossier_id: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    service_code: Annotated[str, msgspec.Meta(max_length=32)] | None = None


class AnswerRequest(msgspec.Struct, forbid_unknown_fields=True):
    answer: Body


class FeedbackAbout(TypedDict):
    dossier_id: UUID | None
    dossier_code: str | None
    service_code: str | None
    service_name: str


class Sender(TypedDict):
    id: UUID
    full_name: str
    phone: str
    email: str


class FeedbackView(TypedDict):
    id: UUID
    version: int
    kind: str  # phan_anh | kien_nghi
    kind_text: str
    subject: str
    body: str
    state: str  # received | answering | answered | closed
    state_text: str
    about: FeedbackAbout
    created_at: datetime
    due_at: datetime  # the agency's response deadline
    overdue: bool  # still awaiting the agency past the deadline
    answered_on_time: bool | None
    answer: str | None
    answered_at: datetime | None
    closed_at: datetime | None
    allowed_actions: list[str]
    sender: NotRequired[Sender]  # officers only


class FeedbackPage(TypedDict):
    items: list[FeedbackView]
    next_cursor: str | None
