"""Response bodies of the dossier paths, as the OpenAPI document describes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NotRequired, TypedDict
from uuid import UUID

from api.document_schemas import IdentityPrefill, ReusedDocument


class ExpectedAction(TypedDict):
    """The one thing expected of the citizen now."""

    action: str  # submit | pay | supplement | wait | collect | none
    text: str
    amount: NotRequired[int]  # pay: đồng
    missing_slots: NotRequired[list[str]]  # supplement: the documents asked for


class ServiceRef(TypedDict):
    code: str
    name: str


class DossierSummary(TypedDict):
    id: UUID
    code: str | None
    state: str
    status_code: int | None  # national status 1–10
    status: str  # in the negotiated language
    service: ServiceRef
    created_at: datetime
    submitted_at: datetime | None
    due_at: datetime | None
    overdue: bool
    due_soon: bool
    on_time: bool | None  # once a result exists
    expected_action: ExpectedAction
    applicant_id: NotRequired[UUID]  # officer queue only


class DossierPage(TypedDict):
    items: list[DossierSummary]
    next_cursor: str | None


class ResultRef(TypedDict):
    number: int
    code: str  # <dossier code>-KQ<n>
    kind: str
    content_type: str
    size: int
    sha256: str
    issued_at: datetime


class ServiceInfo(TypedDict):
    code: str
    procedure_code: str
    name: str
    level: str


class HistoryItem(TypedDict):
    at: datetime
    event: str
    from_state: str | None
    to_state: str
    status: str
    actor_kind: str
    note: str
    detail: dict[str, Any]
    actor_id: NotRequired[str]  # officer views only


class History(TypedDict):
    items: list[HistoryItem]


class DossierDetail(TypedDict):
    id: UUID
    code: str | None
    version: int
    state: str
    status_code: int | None
    status: str
    service: ServiceInfo
    agency_unit_code: str
    form_data: dict[str, Any]
    result_delivery: str | None
    fee_total: int
    fee_quote: dict[str, Any] | None
    paid_online: bool
    offline_steps: list[dict[str, Any]]
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
    identity_prefill: IdentityPrefill | None  # fields filled from the signed-in identity


class OfficerDossierDetail(DossierDetail):
    applicant_id: UUID
    original_due_at: datetime | None
    reused_documents: bool  # a slot was filled from the citizen's document store
    reused: list[ReusedDocument]
    history: NotRequired[list[HistoryItem]]


class SubmissionAnswer(TypedDict):
    id: UUID
    code: str
    state: str
    status_code: int
    status: str
    fee_due: int
    fee_quote: dict[str, Any]
    result_delivery: str
    offline_steps: list[dict[str, Any]]
    next_step: ExpectedAction
