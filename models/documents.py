"""The citizen's document store, and the identity data kept to pre-fill forms."""

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    ForeignKey,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.auth import Person
from models.dossiers import Dossier


class CitizenDocument(Table, tablename="citizen_document"):
    """One document in a citizen's store (kho quản lý dữ liệu điện tử): an electronic result
    issued to them (kind `result`, added when it is issued) or a document of one of their
    dossiers they chose to keep (kind `kept`). The file is the stored one, never copied."""

    id = UUID(primary_key=True, default=UUID4())
    owner = ForeignKey(references=Person, index=True)
    kind = Varchar(length=16)  # result | kept
    title = Varchar(length=500, default="")
    code = Varchar(length=48, null=True, default=None, unique=True)  # result code <dossier>-KQn
    issuer_unit_code = Varchar(length=32, default="")
    issuer_name = Varchar(length=255, default="")
    dossier = ForeignKey(references=Dossier, null=True, default=None)  # where it came from
    # The result or attachment row it came from: one store entry each.
    source_id = UUID(null=True, default=None, unique=True)
    filename = Varchar(length=255, default="")
    content_type = Varchar(length=100, default="")
    size = BigInt(default=0)
    sha256 = Varchar(length=64)
    storage_key = Varchar(length=255)
    issued_at = Timestamptz(default=TimestamptzNow())
    valid_until = Timestamptz(null=True, default=None)  # none: no expiry
    revoked_at = Timestamptz(null=True, default=None)
    added_at = Timestamptz(default=TimestamptzNow())


class DocumentReuse(Table, tablename="document_reuse"):
    """A document from the store placed into a slot of a later dossier ("provide information
    only once"): which one, where, when. The attachment row carries the same file and hash."""

    id = UUID(primary_key=True, default=UUID4())
    document = ForeignKey(references=CitizenDocument, index=True)
    dossier = ForeignKey(references=Dossier, index=True)
    attachment_id = UUID(unique=True)
    slot = Varchar(length=64)
    at = Timestamptz(default=TimestamptzNow())


class IdentityProfile(Table, tablename="identity_profile"):
    """The identity claims of a person's last sign-in that forms may be pre-filled from, only
    those (minimised), sealed with Fernet: personal data never sits readable at rest."""

    id: Serial  # Piccolo adds the primary key when the class is made; named for the checker
    person = ForeignKey(references=Person, unique=True)
    sealed = Text()  # Fernet token of the claims as JSON
    claim_names = JSONB(default="[]")  # which claims there are (names only)
    issuer = Varchar(length=255, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class DossierPrefill(Table, tablename="dossier_prefill"):
    """Which fields of a draft came from the identity, the service's lock policy at the time,
    and the locked fields the citizen changed anyway (policy `flag`), for the officer."""

    dossier = ForeignKey(references=Dossier, unique=True)
    fields = JSONB(default="[]")  # form field names filled from the identity
    sealed_values = Text(default="")  # Fernet token of {field: value as filled}
    policy = Varchar(length=8, default="refuse")  # refuse | flag
    changed = JSONB(default="[]")  # locked fields the citizen changed (policy flag)
