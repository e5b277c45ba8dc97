"""Indexes Piccolo's table classes cannot express: composite unique keys and the composite
indexes behind the hot list queries. Plain SQL that both SQLite and PostgreSQL accept."""

from core.db.migrate import raw_sql_migration

# Sorts after the initial migration (IDs are compared as text).
ID = "2026-11-22T20:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "composite indexes"

STATEMENTS = [
    # The daily dossier sequence per agency must never repeat (Circular 01/2018 Art. 19).
    "CREATE UNIQUE INDEX dossier_code_counter_agency_day "
    "ON dossier_code_counter (agency_unit_code, day)",
    "CREATE UNIQUE INDEX idempotency_record_scope_key ON idempotency_record (scope, key)",
    # A citizen's list, newest first; an agency's work queue by state and due date.
    "CREATE INDEX dossier_applicant_created ON dossier (applicant, created_at, id)",
    "CREATE INDEX dossier_agency_state_due ON dossier (agency, state, due_at)",
    # The whole queue of an agency (no state filter): dated dossiers seek on (due_at, id).
    "CREATE INDEX dossier_agency_due ON dossier (agency, due_at, id)",
    "CREATE INDEX dossier_event_dossier_at ON dossier_event (dossier, at, id)",
    # A gateway's message is applied once, however often it is delivered.
    "CREATE UNIQUE INDEX payment_notice_provider_message ON payment_notice (provider, message_id)",
    # One payment in flight per dossier, and one that succeeded with the fee in it: never two
    # charges for one fee. A postage-only payment (booked after the fee was paid) is not a fee
    # payment; its booking records it once (delivery_booking.postage_paid_attempt).
    "CREATE UNIQUE INDEX payment_attempt_one_open ON payment_attempt (dossier) "
    "WHERE state IN ('created', 'pending')",
    "CREATE UNIQUE INDEX payment_attempt_one_paid ON payment_attempt (dossier) "
    "WHERE state IN ('succeeded', 'refunded') AND purpose LIKE 'fee%'",
]


forwards = raw_sql_migration(ID, DESCRIPTION, STATEMENTS)
