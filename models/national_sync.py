"""National portal synchronisation: what was accepted per dossier, what was refused, and what the
sandbox target would have sent."""

from piccolo.columns import JSONB, BigSerial, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from models.dossiers import Dossier


class NationalSyncState(Table, tablename="national_sync_state"):
    """One row per dossier. `last_sequence` (the dossier version last accepted by the portal)
    keeps an older record from overwriting a newer one; the lease lets one sender at a time
    build and send a dossier's record, so records reach the portal in order."""

    dossier = ForeignKey(references=Dossier, unique=True)
    last_sequence = Integer(default=0)
    last_status_code = Integer(null=True, default=None)
    accepted_at = Timestamptz(null=True, default=None)
    lease_token = Varchar(length=32, default="")
    lease_until = Timestamptz(null=True, default=None)


class NationalSyncRejection(Table, tablename="national_sync_rejection"):
    """A record the portal refused for good (4xx): an operator must look at it."""

    id = BigSerial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    dossier_code = Varchar(length=40, default="")
    sequence = Integer()
    http_status = Integer()
    reason = Text(default="")  # the portal's answer, shortened
    rejected_at = Timestamptz(default=TimestamptzNow())


class NationalSyncSandboxRecord(Table, tablename="national_sync_sandbox_record"):
    """Embedded mode: each record the sandbox target accepted, as it would have been sent."""

    id = BigSerial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    dossier_code = Varchar(length=40, default="")
    sequence = Integer()
    record = JSONB(default="{}")
    recorded_at = Timestamptz(default=TimestamptzNow())
