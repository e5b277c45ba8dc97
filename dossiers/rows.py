"""The rows the dossier lifecycle passes around, as the database gives them.

Piccolo types every row it reads as `dict[str, Any]`; these say which keys a row has and what
they hold. A query's result becomes one of them in one place, the function that reads it
(`dossier_row` here, `service_row` in dossiers/context.py, the page readers of
dossiers/listing.py); everything after that reads typed keys. Times are aware datetimes in UTC
as the drivers give them; JSON columns are their text until decoded (`Shown.row`, below)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict, cast


class Scheduled(TypedDict):
    """What a dossier's clock reads (dossiers/timing.py: overdue, due soon, on time)."""

    state: str  # dossiers.states.DossierState, as stored
    due_at: datetime | None
    original_due_at: datetime | None
    finished_at: datetime | None
    paused_since: datetime | None
    supplement_count: int


class Expecting(TypedDict):
    """What the citizen's next step is read from (dossiers.words.expected_action)."""

    state: str
    result_delivery: str  # electronic | postal | in_person, or "" while a draft
    fee_total: int  # whole đồng


class SummaryColumns(Scheduled, Expecting):
    """The dossier's own columns a list shows (dossiers.listing.SUMMARY)."""

    id: uuid.UUID
    code: str | None  # assigned at submission
    status_code: int | None  # national status 1–10; none while a draft
    created_at: datetime
    submitted_at: datetime | None
    received_at: datetime | None
    channel: str  # app | portal | counter | post


class Columns(SummaryColumns):
    """Every column of the dossier table but the JSON ones. The foreign keys are nullable as
    Piccolo declares them; every dossier is written with all three (dossiers/drafts.py,
    dossiers/counter.py)."""

    service: int
    agency: int
    applicant: uuid.UUID
    version: int
    submission_channel: int  # 1 in person, 2 online, 3 public post
    applicant_category: str
    updated_at: datetime
    closed_at: datetime | None
    paid_online: bool
    digitised: bool
    reused_documents: bool
    electronic_result: bool


class DossierRow(Columns):
    """A whole `dossier` row as a select (or an update's RETURNING) gives it: the JSON
    columns as their text. A row merged with values about to be written
    (dossiers.transitions.Move.after) holds those values as they are instead."""

    form_data: str
    offline_steps: str
    fee_quote: str


class LoadedDossier(Columns):
    """A dossier row with its JSON columns decoded (dossiers.views.Shown)."""

    form_data: dict[str, Any]
    offline_steps: list[dict[str, Any]]
    fee_quote: dict[str, Any] | None  # none until submitted


class SummaryRow(SummaryColumns):
    """An entry of a citizen's list (dossiers.listing.citizen_page): the summary columns with
    the service's names joined in."""

    service_code: str
    service_name_vi: str
    service_name_en: str
    service_online_payment: bool


class QueueRow(SummaryRow):
    """An entry of an agency's queue (dossiers.listing.agency_page): a summary, and the
    applicant as the officers see them (the ID number is masked before it leaves:
    dossiers.views.applicant)."""

    applicant: uuid.UUID
    applicant_full_name: str
    applicant_phone: str
    applicant_email: str
    applicant_id_number: str


class AttachmentRow(TypedDict):
    """A document of the dossier as listed (dossiers.attachments.PUBLIC_FIELDS)."""

    id: uuid.UUID
    slot: str
    filename: str  # as the uploader named it; downloads are named by the code instead
    content_type: str  # sniffed from the bytes
    size: int
    sha256: str
    round: int  # 0 at submission, n for the n-th supplement
    uploaded_at: datetime
    superseded: bool


class StoredAttachment(AttachmentRow):
    """A document with where its bytes are (dossiers.attachments.attachment_of)."""

    storage_key: str


class ResultRow(TypedDict):
    """A result of the dossier as listed (dossiers.results.PUBLIC_FIELDS)."""

    number: int  # n in <dossier code>-KQ<n>
    code: str
    kind: str  # electronic | paper
    filename: str
    content_type: str
    size: int
    sha256: str
    issued_at: datetime


class ShownService(TypedDict):
    """The service fields a dossier is shown with (dossiers.views.render; joined in by
    dossiers.access.own_dossier_shown)."""

    code: str
    procedure_code: str  # mã TTHC
    name_vi: str
    name_en: str
    level: str  # full_process | partial
    online_payment: bool
    agency_unit_code: str


class ServiceRow(ShownService):
    """A service as the lifecycle reads it (dossiers.context): its columns, the JSON ones
    decoded, and its agency's unit code."""

    id: int
    agency: int  # a foreign key, set on every service (catalogue/store.py)
    partial_reason_vi: str
    partial_reason_en: str
    active: bool
    online_submission: bool
    result_electronic: bool
    result_postal: bool
    result_in_person: bool
    postal_eligible: bool
    processing_days: int
    processing_day_kind: str  # working | calendar
    online_processing_days: int | None
    afternoon_cutoff: bool
    result_non_pdf: str  # wrap | refuse
    form_schema: dict[str, Any]  # JSON Schema
    applicant_categories: list[dict[str, Any]]
    refund_rules: dict[str, Any]


def dossier_row(row: Mapping[str, Any]) -> DossierRow:
    """`row`, read with every column of Dossier, typed as such."""
    return cast(DossierRow, row)
