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


class AppliedAdjustment(TypedDict):
    code: str
    kind: Literal["unit_amount", "percent_off", "waive"]
    percent: int | None
    legal_basis_vi: str
    legal_basis_en: str
    valid_until: date | None
    reduction: int


class QuotedLine(TypedDict):
    code: str
    name_vi: str
    name_en: str
    kind: Literal["le_phi", "phi"]
    legal_basis_vi: str
    legal_basis_en: str
    unit: Literal["copy", "page"]
    counted: bool
    units: int
    multiples: int
    base_amount: int
    gross: int
    exempt: bool
    adjustment: AppliedAdjustment | None
    amount: int
    counter_amount: int
    reason_vi: str
    reason_en: str


class FeeComparison(TypedDict):
    online_total: int
    counter_total: int
    online_saving: int


class FeeQuote(TypedDict):
    channel: Literal["online", "counter", "post"]
    on_date: date
    applicant_category: str
    assurance_level: int | None
    currency: Literal["VND"]
    lines: list[QuotedLine]
    total: int
    comparison: FeeComparison


class FeeAdjustmentOut(TypedDict):
    code: str
    channel: str | None
    kind: Literal["unit_amount", "percent_off", "waive"]
    amount: int
    percent: int
    categories: list[str]
    min_assurance_level: int | None
    valid_from: date | None
    valid_until: date | None
    legal_basis: str


# "from" is a Python keyword: the functional form.
FeeTierOut = TypedDict("FeeTierOut", {"from": int, "amount": int})


class FeeLineOut(TypedDict):
    code: str
    name: str
    kind: str
    base_amount: int
    applicant_category: str | None
    quantity_field: str | None
    quantity_unit: Literal["copy", "page"]
    multiplier_field: str | None
    tiers: list[FeeTierOut]
    cap_amount: int | None
    legal_basis: str
    exempt_categories: list[str]
    adjustments: list[FeeAdjustmentOut]


class ApplicantCategoryOut(TypedDict):
    code: str
    name: str
    proof_slot: str


class Fees(TypedDict):
    online_today: FeeQuote
    lines: list[FeeLineOut]
    applicant_categories: list[ApplicantCategoryOut]


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
    procedure_code_verified: bool
    procedure_code_note: str | None
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
