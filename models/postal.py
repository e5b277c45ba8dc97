"""Postal return of results: one booking per delivery of a dossier's result, and its timeline.

Recipient name, phone and address are personal data: they are stored here (the partner needs
them to deliver) and never written to logs, URLs or outbox payloads other than the partner's own
booking message."""

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    BigSerial,
    Date,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.dossiers import Dossier


class DeliveryBooking(Table, tablename="delivery_booking"):
    id = UUID(primary_key=True, default=UUID4())
    dossier = ForeignKey(references=Dossier, index=True)
    # The dossier id while the booking is live (requested … delivered); NULL once cancelled or
    # returned to the agency. Unique: one live booking per dossier, decided by the database.
    live_key = UUID(null=True, default=None, unique=True)
    partner = Varchar(length=40, index=True)  # the postal partner plugin (postal/partners/)
    state = Varchar(length=20, default="requested", index=True)  # postal/states.py
    version = Integer(default=1)
    recipient_name = Varchar(length=200)
    recipient_phone = Varchar(length=20)
    street = Varchar(length=300)
    commune_code = Varchar(length=5)  # 5 digits (Decision 19/2025/QĐ-TTg)
    commune_name = Varchar(length=200, default="")  # resolved at booking, kept as booked
    province_code = Varchar(length=2)
    province_name = Varchar(length=200, default="")
    unit_list_version = Varchar(length=16, default="")  # unit list the address was checked on
    postage_amount = BigInt(default=0)  # whole đồng
    postage_payment = Varchar(length=16, default="with_fee")  # with_fee | on_delivery
    # Set in the transaction that settles the payment which included the postage (with_fee).
    postage_paid_attempt = UUID(null=True, default=None)
    postage_paid_at = Timestamptz(null=True, default=None)
    route_class = Varchar(length=20)  # same_area | within_province | major_cities | inter_province
    promised_earliest = Date(null=True, default=None)
    promised_latest = Date(null=True, default=None)
    waybill = Varchar(length=64, null=True, default=None)
    failed_attempts = Integer(default=0)
    last_failure_reason = Varchar(length=200, default="")
    next_attempt_on = Date(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)  # handed to the partner plugin (once)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class DeliveryEvent(Table, tablename="delivery_event"):
    """The delivery timeline, append-only. Partner messages carry `dedup_key`
    (`<partner>:<webhook-id>`, unique): a redelivered message inserts nothing."""

    id = BigSerial(primary_key=True)
    booking = ForeignKey(references=DeliveryBooking, index=True)
    dedup_key = Varchar(length=260, null=True, default=None, unique=True)
    kind = Varchar(length=32)  # requested | sent | accepted | picked_up | in_transit | …
    outcome = Varchar(length=16, default="applied")  # applied | stale
    at = Timestamptz(default=TimestamptzNow())
    detail = JSONB(default="{}")  # waybill, failure reason, next attempt — no personal data
