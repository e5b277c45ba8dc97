"""Dossiers (hồ sơ) and everything recorded about them."""

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    BigSerial,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.auth import Person
from models.catalogue import Agency, Service


class Dossier(Table, tablename="dossier"):
    id = UUID(primary_key=True, default=UUID4())
    # Mã hồ sơ <unit code>-<YYMMDD>-<4-digit daily sequence>, assigned at submission.
    code = Varchar(length=40, null=True, default=None, unique=True)
    service = ForeignKey(references=Service, index=True)
    # No single-column indexes: (agency, …) and (applicant, …) composites lead with them
    # (piccolo_migrations/indexes_2026_11_22.py), and every index costs each write.
    agency = ForeignKey(references=Agency)  # the competent agency
    applicant = ForeignKey(references=Person)
    state = Varchar(length=32, default="draft", index=True)  # internal state (dossiers.states)
    status_code = Integer(null=True, default=None)  # national status 1–10; none while a draft
    version = Integer(default=1)  # bumped on every change: ETag and guarded updates
    form_data = JSONB(default="{}")
    submission_channel = Integer(default=2)  # 1 in person, 2 online, 3 public post
    # Where it came in, finer than the national code: app | portal (web) | counter | post.
    # submission_channel follows from it (counter → 1, app and portal → 2, post → 3).
    channel = Varchar(length=8, default="app")
    result_delivery = Varchar(length=16, default="")  # electronic | postal | in_person
    offline_steps = JSONB(default="[]")  # partial services: what happens at the counter, and why
    # Fees quoted for the online channel at submission, kept as quoted (whole đồng).
    fee_quote = JSONB(default="null")
    fee_total = BigInt(default=0)
    # The category the applicant declared (with its proof slot filled), or "" for none; an
    # officer may correct it at intake (dossiers/fee_category.py).
    applicant_category = Varchar(length=32, default="")
    # Timestamps (UTC). The processing clock starts at receipt, not submission.
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)
    received_at = Timestamptz(null=True, default=None)
    due_at = Timestamptz(null=True, default=None, index=True)  # ngày hẹn trả kết quả
    original_due_at = Timestamptz(null=True, default=None)
    paused_since = Timestamptz(null=True, default=None)  # set while a supplement is awaited
    finished_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    supplement_count = Integer(default=0)
    # Flags the national scoring reads.
    paid_online = Boolean(default=False)
    digitised = Boolean(default=False)
    reused_documents = Boolean(default=False)
    electronic_result = Boolean(default=False)


class DossierEvent(Table, tablename="dossier_event"):
    """The timeline: append-only, one row per transition, with who and when."""

    id = BigSerial(primary_key=True)
    dossier = ForeignKey(references=Dossier)  # indexed by (dossier, at, id)
    at = Timestamptz(default=TimestamptzNow())
    event = Varchar(length=48)
    from_state = Varchar(length=32, default="")
    to_state = Varchar(length=32)
    actor_kind = Varchar(length=16)  # citizen | officer | system | partner
    actor_id = Varchar(length=64, default="")
    note = Text(default="")
    detail = JSONB(default="{}")


class DossierAttachment(Table, tablename="dossier_attachment"):
    id = UUID(primary_key=True, default=UUID4())
    dossier = ForeignKey(references=Dossier, index=True)
    slot = Varchar(length=64)
    filename = Varchar(length=255, default="")
    content_type = Varchar(length=100)  # sniffed from the bytes
    size = BigInt()
    sha256 = Varchar(length=64)
    storage_key = Varchar(length=255)
    round = Integer(default=0)  # 0 at submission, n for the n-th supplement
    uploaded_at = Timestamptz(default=TimestamptzNow())
    superseded = Boolean(default=False)


class DossierPause(Table, tablename="dossier_pause"):
    """A stop of the deadline clock while the citizen supplements the dossier."""

    id = BigSerial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    started_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)
    reason = Text(default="")


class DossierResult(Table, tablename="dossier_result"):
    id = UUID(primary_key=True, default=UUID4())
    dossier = ForeignKey(references=Dossier, index=True)
    number = Integer()  # n in <dossier code>-KQ<n>
    code = Varchar(length=48, unique=True)
    kind = Varchar(length=16)  # electronic | paper
    filename = Varchar(length=255, default="")
    content_type = Varchar(length=100, default="")
    size = BigInt(default=0)
    sha256 = Varchar(length=64, default="", index=True)  # GET /v1/results/verify looks it up
    storage_key = Varchar(length=255, default="")
    issued_at = Timestamptz(default=TimestamptzNow())


class ApologyLetter(Table, tablename="apology_letter"):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: owed when a result is late."""

    id = BigSerial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    issued_at = Timestamptz(default=TimestamptzNow())
    previous_due_at = Timestamptz()
    new_due_at = Timestamptz()
    reason = Text(default="")
    officer_id = Varchar(length=64, default="")


class DossierCodeCounter(Table, tablename="dossier_code_counter"):
    """The daily sequence per agency (Circular 01/2018 Art. 19): never repeats."""

    agency_unit_code = Varchar(length=32)
    day = Date()
    last = Integer(default=0)
