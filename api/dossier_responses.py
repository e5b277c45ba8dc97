"""Response bodies of the dossier paths, as the OpenAPI document describes them.

No `from __future__ import annotations` here: with it, Python 3.11 does not see `NotRequired`
inside a TypedDict and documents optional keys as required (a generated client then fails on
the first answer without them)."""

from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict
from uuid import UUID

from api.catalogue_schemas import FeeQuote, Level
from api.document_schemas import IdentityPrefill, ReusedDocument
from api.summary_schemas import CurrentDelivery, CurrentPayment

State = Literal["draft", "submitted", "received", "refused", "processing",
                "supplement_requested", "payment_requested", "withdrawn", "stopped",
                "result_ready", "result_returned"]
ResultDelivery = Literal["electronic", "postal", "in_person"]


class ExpectedAction(TypedDict):
    """The one thing expected of the citizen now."""

    action: Literal["submit", "pay", "supplement", "wait", "collect", "none"]
    text: str
    amount: NotRequired[int]  # pay: đồng
    missing_slots: NotRequired[list[str]]  # supplement: the documents asked for


class OfflineStep(TypedDict):
    """A step of a partial service done at the counter, with the service's published reason."""

    step: Literal["bring_original", "pay_at_counter", "collect_in_person"]
    reason_vi: str | None
    reason_en: str | None
    slot: NotRequired[str]  # bring_original
    name_vi: NotRequired[str]
    name_en: NotRequired[str]
    amount: NotRequired[int]  # pay_at_counter, đồng


class ServiceRef(TypedDict):
    code: str
    name: str


class Applicant(TypedDict):
    """The applicant, to the competent agency's officers only: the ID number masked."""

    id: UUID
    full_name: str
    phone: str
    email: str
    id_number_masked: str  # 0010*****345


class DossierSummary(TypedDict):
    id: UUID
    code: str | None
    state: State
    status_code: int | None  # national status 1–10
    status: str  # in the negotiated language
    service: ServiceRef
    channel: str  # app | portal | counter | post
    created_at: datetime
    submitted_at: datetime | None
    due_at: datetime | None
    overdue: bool
    due_soon: bool
    on_time: bool | None  # once a result exists
    expected_action: ExpectedAction
    applicant_id: NotRequired[UUID]  # officer queue only
    applicant: NotRequired[Applicant]  # officer queue only


class DossierPage(TypedDict):
    items: list[DossierSummary]
    next_cursor: str | None


class ResultRef(TypedDict):
    number: int
    code: str  # <dossier code>-KQ<n>
    kind: Literal["electronic", "paper"]
    content_type: str | None
    size: int | None
    sha256: str | None
    issued_at: datetime


class ServiceInfo(TypedDict):
    code: str
    procedure_code: str
    name: str
    level: Level


class HistoryItem(TypedDict):
    at: datetime
    event: str
    from_state: State | None
    to_state: State
    status: str
    actor_kind: Literal["citizen", "officer", "system"]
    note: str
    detail: dict[str, Any]
    actor_id: NotRequired[str | None]  # officer views only


class History(TypedDict):
    items: list[HistoryItem]


class RatingView(TypedDict):
    """The applicant's rating: level 5 rất hài lòng … 1 rất không hài lòng."""

    level: int
    level_text: str
    criteria: dict[str, int]  # criterion code → level 1–5
    comment: str
    created_at: datetime
    updated_at: datetime
    changeable_until: datetime


class DossierDetail(TypedDict):
    id: UUID
    code: str | None
    version: int
    state: State
    status_code: int | None
    status: str
    service: ServiceInfo
    agency_unit_code: str
    form_data: dict[str, Any]
    result_delivery: ResultDelivery | None
    channel: Literal["app", "portal", "counter", "post"]
    fee_total: int
    # The quote snapshotted at submission: each line with its legal basis and reason, the
    # counter price beside it (catalogue/fees.py); none for a draft (GET …/fee-quote).
    fee_quote: FeeQuote | None
    applicant_category: str | None
    paid_online: bool
    offline_steps: list[OfflineStep]
    created_at: datetime
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    closed_at: datetime | None
    supplement_count: int
    overdue: bool
    due_soon: bool
    on_time: bool | None
    expected_action: ExpectedAction
    results: list[ResultRef]
    rating: RatingView | None  # once a result exists and the applicant rated it
    payment: CurrentPayment | None  # the latest payment attempt, once submitted
    delivery: CurrentDelivery | None  # the latest postal delivery booking
    identity_prefill: IdentityPrefill | None  # fields filled from the signed-in identity


class OfficerDossierDetail(DossierDetail):
    applicant_id: UUID
    applicant: Applicant
    original_due_at: datetime | None
    reused_documents: bool  # a slot was filled from the citizen's document store
    reused: list[ReusedDocument]
    history: NotRequired[list[HistoryItem]]  # the detail read; not in an action's answer


class SubmissionAnswer(TypedDict):
    id: UUID
    code: str
    state: State
    status_code: int
    status: str
    fee_due: int
    fee_quote: FeeQuote
    result_delivery: ResultDelivery
    offline_steps: list[OfflineStep]
    next_step: ExpectedAction
