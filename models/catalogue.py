"""The catalogue: agencies, fields, services with their fees and required documents."""

from piccolo.columns import (
    JSONB,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Agency(Table, tablename="agency"):
    id: Serial  # Piccolo adds the primary key when the class is made; named for the checker
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
    id: Serial  # Piccolo adds the primary key when the class is made; named for the checker
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
    # Whether the procedure code was checked against public sources (DOMAIN.md, Dec 2026);
    # an unverified one is shown as such, with what is known about it.
    procedure_code_verified = Boolean(default=True)
    procedure_code_note = Text(default="")
    # Applicant categories that change a fee, each with the document slot that proves it:
    # [{"code": "student", "name_vi": …, "name_en": …, "proof_slot": "the_sinh_vien"}].
    applicant_categories = JSONB(default="[]")
    # Which dossier outcomes refund what (payments/refund_rules.py); empty: the default rules.
    refund_rules = JSONB(default="{}")
    # The version of the demo data a seeded service was written from (catalogue/seed.py).
    data_version = Varchar(length=16, default="")
    # An electronic result that is not a PDF (a scan): `wrap` it into a PDF to sign, or `refuse`.
    result_non_pdf = Varchar(length=8, default="wrap")
    active = Boolean(default=True, index=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class FeeLine(Table, tablename="fee_line"):
    """One charge of a service, priced by catalogue/fee_rules.py. Amounts are whole đồng.

    The line costs `base_amount`, plus for each counted unit (a form field: copies, pages) the
    amount of the tier it falls in (`tiers`: [{"from": n, "amount": per unit}], so "8,000 per
    copy" is one tier from 1 and "5,000 per copy from the 3rd" one tier from 3), at most
    `cap_amount`; all of it times `multiplier_field` (copies of a multi-page document).
    Adjustments (FeeOverride) then reduce or replace it under their conditions."""

    id: Serial  # Piccolo adds the primary key when the class is made; named for the checker
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
    quantity_field = Varchar(length=64, default="")  # form field counted; "" counts one
    quantity_unit = Varchar(length=8, default="copy")  # copy | page: how the quote names it
    multiplier_field = Varchar(length=64, default="")  # form field multiplying the line
    tiers = JSONB(default="[]")
    cap_amount = BigInt(null=True, default=None)  # per multiple (e.g. 200,000 per copy)
    legal_basis_vi = Text(default="")
    legal_basis_en = Text(default="")


class FeeOverride(Table, tablename="fee_override"):
    """An adjustment of a fee line: under its conditions (channel, applicant category, identity
    assurance level) and within its validity window (local dates, both inclusive: it opens at
    00:00 Asia/Ho_Chi_Minh on `valid_from` and closes at 00:00 after `valid_until`), the line
    costs `amount` as its base (kind `unit_amount`), `percent` less (`percent_off`) or nothing
    (`waive`). Each names its legal basis, shown to the citizen."""

    fee_line = ForeignKey(references=FeeLine, index=True)
    code = Varchar(length=64, default="")
    channel = Varchar(length=16)  # online | counter | post; "" for any
    kind = Varchar(length=16, default="unit_amount")  # unit_amount | percent_off | waive
    amount = BigInt(default=0)
    percent = Integer(default=0)
    categories = JSONB(default="[]")  # applicant categories it is for; [] for anyone
    min_assurance_level = Integer(null=True, default=None)  # e.g. 2: a level-2 VNeID account
    valid_from = Date(null=True, default=None)
    valid_until = Date(null=True, default=None)  # inclusive
    legal_basis = Varchar(length=255, default="")  # Vietnamese
    legal_basis_en = Varchar(length=255, default="")


class RequiredDocument(Table, tablename="required_document"):
    """A slot in the dossier that a document fills (thành phần hồ sơ)."""

    id: Serial  # Piccolo adds the primary key when the class is made; named for the checker
    service = ForeignKey(references=Service, index=True)
    slot = Varchar(length=64)
    name_vi = Varchar(length=500)
    name_en = Varchar(length=500)
    mandatory = Boolean(default=True)
    accepted_types = JSONB(default='["application/pdf"]')  # MIME types, checked on the bytes
    max_bytes = Integer(default=10 * 1024 * 1024)
    original_at_counter = Boolean(default=False)  # partial services: bring the original
    position = Integer(default=0)


