"""Feedback and complaints (phản ánh, kiến nghị) citizens send an agency, and its answers."""

from piccolo.columns import UUID, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.auth import Person
from models.catalogue import Agency, Service
from models.dossiers import Dossier


class Feedback(Table, tablename="feedback"):
    """One phản ánh (a report of a problem) or kiến nghị (a request or proposal) about a dossier
    of the sender's or about a service, addressed to the competent agency. States and their
    edges: feedback/states.py. Subject, text and answer are personal data: never logged."""

    id = UUID(primary_key=True, default=UUID4())
    # No single-column indexes on person and agency: (person, created_at, id) and
    # (agency, due_at, id) lead with them (piccolo_migrations/feedback_indexes_2026_12_07.py).
    person = ForeignKey(references=Person)
    agency = ForeignKey(references=Agency)
    service = ForeignKey(references=Service, null=True, default=None)
    dossier = ForeignKey(references=Dossier, null=True, default=None)
    kind = Varchar(length=16)  # phan_anh | kien_nghi
    subject = Varchar(length=200)
    body = Text()
    state = Varchar(length=16, default="received")  # feedback/states.py
    version = Integer(default=1)  # bumped on every change: guarded updates
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    due_at = Timestamptz()  # the agency's response deadline, in working days
    assigned_to = UUID(null=True, default=None)  # the officer answering it
    answer = Text(default="")
    answered_at = Timestamptz(null=True, default=None)
    answered_by = UUID(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
