"""Rollups behind the statistics API (stats/): counters per day and per month, by agency,
service and channel, kept up to date from the outbox, and what each dossier last added."""

from piccolo.columns import UUID, BigInt, Date, Integer, Text, Varchar
from piccolo.table import Table


class Counters:
    """The counters of stats/indicators.py (COUNTERS), each dated by its own period rule
    (submission, result, rating or due date)."""

    agency = Integer()  # agency.id
    service = Integer()  # service.id
    channel = Varchar(length=8)  # app | portal | counter | post
    submitted = BigInt(default=0)
    fee_bearing = BigInt(default=0)
    paid_online = BigInt(default=0)
    fee_amount = BigInt(default=0)
    fee_amount_online = BigInt(default=0)
    reused = BigInt(default=0)
    digitised = BigInt(default=0)
    finished = BigInt(default=0)
    on_time = BigInt(default=0)
    electronic = BigInt(default=0)
    timed = BigInt(default=0)  # finished dossiers with a receipt and a promised date
    processing_seconds = BigInt(default=0)
    promised_seconds = BigInt(default=0)
    rated = BigInt(default=0)
    satisfied = BigInt(default=0)
    rating_sum = BigInt(default=0)
    open_due = BigInt(default=0)


class StatsDay(Counters, Table, tablename="stats_day"):
    """One row per (agency, service, channel, day); the unique key is made by the migration."""

    day = Date()


class StatsMonth(Counters, Table, tablename="stats_month"):
    """The same sums per calendar month (`month` is its first day), so that a year is read
    from twelve rows per agency, service and channel instead of 365."""

    month = Date()


class StatsDossierFact(Table, tablename="stats_dossier_fact"):
    """What one dossier currently adds to stats_day (JSON: [[agency, service, channel, day,
    {counter: n}], …]). A change of the dossier replaces it: the difference goes to the sums,
    so applying the same state twice, or states out of order, leaves them right."""

    dossier = UUID(primary_key=True)
    contribution = Text(default="[]")
