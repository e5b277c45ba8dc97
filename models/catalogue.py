"""The catalogue: agencies, fields, services with their fees and required documents."""

from piccolo.columns import (
    JSONB,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Agency(Table, tablename="agency"):
    # Mã đơn vị, e.g. 000.00.01.H22 — the prefix of every dossier code (Circular 01/2018 Art. 19).
    unit_code = Varchar(length=32, unique=True)
    name_vi = Varchar(length=255)
    name_en = Varchar(length=255)
    province_code = Varchar(length=2)
    # Beneficiary account for fees (VietQR tag 38): bank BIN and account number.
    bank_bin = Varchar(length=6, default="")
    account_number = Varchar(length=19, default="")
    account_name = Varchar(length=255, default="")


class Field(Table, tablename="field"):
    """Lĩnh vực: the subject area a procedure belongs to."""

    code = Varchar(length=64, unique=True)
    name_vi = Varchar(length=255)
    name_en = Varchar(length=255)


class Service(Table, tablename="service"):
    # Mã dịch vụ công trực tuyến; may differ from the procedure code (mã TTHC, e.g. 1.001193).
    code = Varchar(length=32, unique=True)
    procedure_code = Varchar(length=8, index=True)
    name_vi = Varchar(length=500)
    name_en = Varchar(length=500)
    # Names folded to lowercase ASCII (đ → d, no diacritics) so a search without accents matches.
    search_text = Text(default="")
    description_vi = Text(default="")
    description_en = Text(default="")
    agency = ForeignKey(references=Agency, index=True)
    field = ForeignKey(references=Field, index=True)
    level = Varchar(length=16, index=True)  # full_process | partial (Decree 42/2022 Art. 11)
    partial_reason_vi = Text(default="")
    partial_reason_en = Text(default="")
    online_submission = Boolean(default=True)
    online_payment = Boolean(default=False)
    result_electronic = Boolean(default=False)
    result_postal = Boolean(default=False)
    result_in_person = Boolean(default=True)
    # Results that the law requires be collected in person cannot go by post (Decision 45/2016).
    postal_eligible = Boolean(default=False)
    processing_days = Integer()
    processing_day_kind = Varchar(length=16, default="working")  # working | calendar
    online_processing_days = Integer(null=True, default=None)
    # Civil status and certification: receipt after 15:00 moves a same-day result to the next day.
    afternoon_cutoff = Boolean(default=False)
    form_schema = JSONB(default="{}")
    # An electronic result that is not a PDF (a scan): `wrap` it into a PDF to sign, or `refuse`.
    result_non_pdf = Varchar(length=8, default="wrap")
    active = Boolean(default=True, index=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class FeeLine(Table, tablename="fee_line"):
    """One charge of a service. The amount is whole đồng; channel overrides may replace it."""

    service = ForeignKey(references=Service, index=True)
    code = Varchar(length=64)
    name_vi = Varchar(length=255)
    name_en = Varchar(length=255)
    kind = Varchar(length=8, default="le_phi")  # le_phi (lệ phí) | phi (phí)
    base_amount = BigInt()
    # An applicant category this line applies to instead of the default (e.g. "student");
    # empty means the default line.
    applicant_category = Varchar(length=64, default="")
    # Per-copy surcharge: `per_copy_amount` for each copy from number `per_copy_from`.
    per_copy_from = Integer(null=True, default=None)
    per_copy_amount = BigInt(default=0)
    # Exemptions as data: applicant categories that pay nothing on this line.
    exempt_categories = JSONB(default="[]")
    position = Integer(default=0)


class FeeOverride(Table, tablename="fee_override"):
    """A channel-specific amount for a limited window, e.g. online at 90% until 31 Dec 2025."""

    fee_line = ForeignKey(references=FeeLine, index=True)
    channel = Varchar(length=16)  # online | counter | post
    amount = BigInt()
    valid_from = Date(null=True, default=None)
    valid_until = Date(null=True, default=None)  # inclusive
    legal_basis = Varchar(length=255, default="")


class RequiredDocument(Table, tablename="required_document"):
    """A slot in the dossier that a document fills (thành phần hồ sơ)."""

    service = ForeignKey(references=Service, index=True)
    slot = Varchar(length=64)
    name_vi = Varchar(length=500)
    name_en = Varchar(length=500)
    mandatory = Boolean(default=True)
    accepted_types = JSONB(default='["application/pdf"]')  # MIME types, checked on the bytes
    max_bytes = Integer(default=10 * 1024 * 1024)
    original_at_counter = Boolean(default=False)  # partial services: bring the original
    position = Integer(default=0)


