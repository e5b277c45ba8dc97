"""The audit trail: every state change, with who and when. Append-only."""

from piccolo.columns import JSONB, BigSerial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_event"):
    id = BigSerial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor_kind = Varchar(length=16)  # citizen | officer | admin | system | partner
    actor_id = Varchar(length=64, default="")  # person id or partner name — never an ID number
    action = Varchar(length=64, index=True)
    subject_type = Varchar(length=32)
    subject_id = Varchar(length=64, index=True)
    detail = JSONB(default="{}")
    request_id = Varchar(length=64, default="")
