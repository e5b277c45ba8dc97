"""Response shapes of the catalogue, for the OpenAPI document (the bodies are built as plain
data by catalogue.queries and catalogue.fees)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, TypedDict

Level = Literal["full_process", "partial"]


class AgencyRef(TypedDict):
    unit_code: str
    name: str


class FieldRef(TypedDict):
    code: str
    name: str


class ServiceSummary(TypedDict):
    code: str
    procedure_code: str
    name: str
    name_vi: str
    name_en: str
    level: Level
    online_payment: bool
    result_electronic: bool
    postal_eligible: bool
    processing_days: int
    processing_day_kind: Literal["working", "calendar"]
    online_processing_days: int | None
    agency: AgencyRef
    field: FieldRef


class ServicePage(TypedDict):
    items: list[ServiceSummary]
    next_cursor: str | None


class QuotedLine(TypedDict):
    code: str
    name_vi: str
    name_en: str
    kind: Literal["le_phi", "phi"]
    unit_amount: int
    extra_copies: int
    per_copy_amount: int
    copy_surcharge: int
    exempt: bool
    amount: int
    override_legal_basis: str | None


class FeeQuote(TypedDict):
    channel: Literal["online", "counter", "post"]
    on_date: date
    applicant_category: str
    copies: int
    currency: Literal["VND"]
    lines: list[QuotedLine]
    total: int


class FeeOverrideOut(TypedDict):
    channel: str
    amount: int
    valid_from: date | None
    valid_until: date | None
    legal_basis: str


class FeeLineOut(TypedDict):
    code: str
    name: str
    kind: str
    base_amount: int
    applicant_category: str | None
    per_copy_from: int | None
    per_copy_amount: int
    exempt_categories: list[str]
    overrides: list[FeeOverrideOut]


class Fees(TypedDict):
    online_today: FeeQuote
    lines: list[FeeLineOut]


class ResultSteps(TypedDict):
    electronic: bool
    postal: bool
    in_person: bool


class OnlineSteps(TypedDict):
    submission: bool
    fee_payment: bool
    result: ResultSteps


class ProcessingTime(TypedDict):
    days: int
    day_kind: Literal["working", "calendar"]
    online_days: int | None
    afternoon_cutoff: bool


class RequiredDocumentOut(TypedDict):
    slot: str
    name: str
    mandatory: bool
    accepted_types: list[str]
    max_bytes: int
    original_at_counter: bool


class AgencyDetail(AgencyRef):
    province_code: str


class ServiceDetail(TypedDict):
    code: str
    procedure_code: str
    name: str
    name_vi: str
    name_en: str
    description: str
    level: Level
    partial_reason: str | None
    partial_reason_vi: str | None
    partial_reason_en: str | None
    online_steps: OnlineSteps
    postal_eligible: bool
    processing_time: ProcessingTime
    agency: AgencyDetail
    field: FieldRef
    required_documents: list[RequiredDocumentOut]
    form_schema: dict[str, Any]
    fees: Fees
    updated_at: datetime
