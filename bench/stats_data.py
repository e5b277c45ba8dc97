"""Dossiers for the statistics benchmark, written straight into PostgreSQL by a few
`INSERT … SELECT … FROM generate_series` statements: a million in minutes.

The mix follows the demo year (stats/demo_history.py): every active service of the catalogue,
weekends quieter, an online share that rises over the span, counter and post intake, refusals,
withdrawals, stops, results on time and late (more than one supplement request, or after the
due date with an apology letter that moves it), dossiers still open and some overdue, fees paid
online or not, electronic results, reused documents, digitised files and ratings (worse when
late). Deterministic: dossier g draws its "random" numbers from hashes of g, so the same count
on the same day gives the same rows. Deadlines skip weekends roughly (7 calendar days for 5
working days), as this is load data, not a deadline."""

from __future__ import annotations

import asyncpg

from dossiers.states import NATIONAL_STATUS

SPAN_DAYS = 730  # two years back from today: "this year" and "last year" both have data
PER_APPLICANT = 50  # dossiers per synthetic applicant
ZONE = "'Asia/Ho_Chi_Minh'"


def _u(k: int) -> str:
    """Dossier g's k-th uniform number in [0, 1)."""
    return f"((hashint8(g::bigint * 32 + {k}) & 2147483647)::float8 / 2147483648.0)"


def _local(expression: str) -> str:
    """A local wall-clock timestamp in Viet Nam as timestamptz."""
    return f"(({expression}) AT TIME ZONE {ZONE})"


_STATUS = "CASE state " + " ".join(f"WHEN '{s}' THEN {n}" for s, n in NATIONAL_STATUS.items()
                                   if n is not None) + " END"

# Stage by stage, each a subquery over the one before (names as in demo_history.History);
# OFFSET 0 keeps each stage a subquery of its own, so a value is computed once rather than
# copied into every expression of the stages above.
_DRAWS = f"""
SELECT g, s.id AS service, s.agency, s.unit_code, s.online_submission, s.result_electronic,
       s.processing_days, s.fee,
       {_u(1)} AS u_day, {_u(2)} AS u_weekend, {_u(3)} AS u_online, {_u(4)} AS u_app,
       {_u(5)} AS u_counter, {_u(6)} AS u_hour, {_u(7)} AS u_paid, {_u(8)} AS u_reused,
       {_u(9)} AS u_digitised, {_u(10)} AS u_outcome, {_u(11)} AS u_supplement,
       {_u(12)} AS u_late, {_u(13)} AS u_finish, {_u(14)} AS u_state, {_u(15)} AS u_electronic,
       {_u(16)} AS u_handed, {_u(17)} AS u_rated_at, {_u(18)} AS u_rated, {_u(19)} AS u_level,
       {_u(20)} AS u_applicant
FROM generate_series(1, $1::int) g
JOIN services s ON s.k = (hashint8(g::bigint * 32) & 2147483647) % $2::int OFFSET 0"""

_DAY = f"""
SELECT *, CASE WHEN extract(isodow FROM d0) > 5 AND u_weekend >= 0.25
               THEN d0 - (extract(isodow FROM d0)::int - 5) ELSE d0 END AS day
FROM (SELECT *, (current_date - (1 + floor(u_day * {SPAN_DAYS}))::int) AS d0
      FROM ({_DRAWS}) a) b OFFSET 0"""

_INTAKE = f"""
SELECT *, CASE WHEN online_submission AND u_online < 0.42 + 0.36 * progress
               THEN CASE WHEN u_app < 0.35 + 0.3 * progress THEN 'app' ELSE 'portal' END
               WHEN u_counter < 0.85 THEN 'counter' ELSE 'post' END AS channel,
       {_local("day + time '07:00' + floor(u_hour * 13) * interval '1 hour' "
               "+ floor(u_hour * 780)::int % 60 * interval '1 minute'")} AS submitted_at
FROM (SELECT *, 1 - (current_date - day)::float8 / {SPAN_DAYS} AS progress
      FROM ({_DAY}) c) e OFFSET 0"""

_RECEIPT = f"""
SELECT *, channel IN ('app', 'portal') AS online,
       CASE WHEN u_outcome < 0.03 THEN NULL WHEN channel = 'counter' THEN submitted_at
            ELSE submitted_at + interval '18 hours' END AS received_at,
       CASE WHEN u_supplement < 0.8 THEN 0 WHEN u_supplement < 0.95 THEN 1 ELSE 2 END
           AS supplement_count
FROM ({_INTAKE}) f OFFSET 0"""

_DUE = f"""
SELECT *, {_local("(received_at AT TIME ZONE " + ZONE + ")::date "
                  "+ ceil(processing_days * 7 / 5.0)::int + time '17:00'")} AS promised_at,
       supplement_count = 2 OR u_late < 0.09 AS late
FROM ({_RECEIPT}) h OFFSET 0"""

_FINISH = """
SELECT *, CASE WHEN u_outcome < 0.065 THEN NULL
               WHEN late THEN promised_at + (1 + floor(u_finish * 6)) * interval '1 day'
               ELSE received_at + (promised_at - received_at) * (0.25 + 0.73 * u_finish)
          END AS finish_at
FROM ({due}) i OFFSET 0"""

_OUTCOME = f"""
SELECT *,
  CASE WHEN u_outcome < 0.03 THEN 'refused' WHEN u_outcome < 0.05 THEN 'withdrawn'
       WHEN u_outcome < 0.065 THEN 'stopped'
       WHEN finish_at > now() THEN CASE WHEN u_state < 1 / 3.0 THEN 'received'
                                        ELSE 'processing' END
       WHEN finish_at + floor(u_handed * 4) * interval '1 day' > now() THEN 'result_ready'
       ELSE 'result_returned' END AS state,
  CASE WHEN finish_at <= now() THEN finish_at END AS finished_at,
  CASE WHEN finish_at <= now() AND finish_at > promised_at
       THEN {_local("(finish_at AT TIME ZONE " + ZONE + ")::date + time '17:00'")}
       ELSE promised_at END AS due_at
FROM ({_FINISH.format(due=_DUE)}) j OFFSET 0"""

STAGED = f"""
CREATE UNLOGGED TABLE bench_stats_staged AS
SELECT md5('motcua-bench-dossier/' || g)::uuid AS id, g, service, agency, unit_code, channel,
  online, fee, state, submitted_at, received_at, promised_at, due_at, finished_at,
  supplement_count, late,
  {_STATUS} AS status_code,
  CASE state WHEN 'refused' THEN submitted_at + interval '20 hours'
             WHEN 'withdrawn' THEN received_at + interval '1 day'
             WHEN 'stopped' THEN received_at + interval '2 days'
             WHEN 'result_returned' THEN finished_at + floor(u_handed * 4) * interval '1 day'
             END AS closed_at,
  fee > 0 AND online AND u_paid < 0.88 AS paid_online,
  online AND u_reused < 0.2 + 0.3 * progress AS reused_documents,
  u_digitised < CASE WHEN online THEN 0.9 ELSE 0.55 END AS digitised,
  finished_at IS NOT NULL AND result_electronic AND online AND u_electronic < 0.85
      AS electronic_result,
  CASE WHEN finished_at IS NULL THEN '' WHEN result_electronic AND online THEN 'electronic'
       WHEN channel = 'post' THEN 'postal' ELSE 'in_person' END AS result_delivery,
  finished_at + floor(u_rated_at * 4) * interval '1 day'
      + (1 + floor(u_rated_at * 32)::int % 8) * interval '1 hour' AS rated_at,
  u_rated < CASE WHEN channel = 'counter' THEN 0.2 ELSE 0.55 END AS rates,
  CASE WHEN u_level < 0.55 THEN 5 WHEN u_level < 0.87 THEN 4 WHEN u_level < 0.95 THEN 3
       WHEN u_level < 0.98 THEN 2 ELSE 1 END AS level,
  1 + floor(u_applicant * $3::int)::int AS applicant_no
FROM ({_OUTCOME}) k"""

SERVICES = """
CREATE TEMP TABLE services AS
SELECT row_number() OVER (ORDER BY s.id) - 1 AS k, s.id, s.agency, a.unit_code,
       s.online_submission, s.result_electronic, s.processing_days,
       COALESCE(f.base_amount, 0) AS fee
FROM service s JOIN agency a ON a.id = s.agency
LEFT JOIN (SELECT DISTINCT ON (service) service, base_amount FROM fee_line
           ORDER BY service, position) f ON f.service = s.id
WHERE s.active"""

PEOPLE = """
INSERT INTO person (id, id_number, full_name, phone, email, role, locale, created_at)
SELECT md5('motcua-bench-person/' || n)::uuid, lpad((900000000000 + n)::text, 12, '0'),
       'Người nộp ' || n, '', '', 'citizen', 'vi', now()
FROM generate_series(1, $1::int) n"""

DOSSIERS = """
INSERT INTO dossier (id, code, service, agency, applicant, state, status_code, version,
    form_data, submission_channel, channel, result_delivery, offline_steps, fee_quote, fee_total,
    applicant_category, created_at, updated_at, submitted_at, received_at, due_at,
    original_due_at, paused_since, finished_at, closed_at, supplement_count, paid_online,
    digitised, reused_documents, electronic_result)
SELECT s.id, s.unit_code || '-' || to_char(s.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh',
       'YYMMDD') || '-B' || lpad(s.g::text, 7, '0'), s.service, s.agency,
    md5('motcua-bench-person/' || s.applicant_no)::uuid, s.state, s.status_code, 4, '{}',
    CASE s.channel WHEN 'counter' THEN 1 WHEN 'post' THEN 3 ELSE 2 END, s.channel,
    s.result_delivery, '[]', 'null', s.fee, '', s.submitted_at,
    COALESCE(s.closed_at, s.finished_at, s.received_at, s.submitted_at), s.submitted_at,
    s.received_at, s.due_at, s.promised_at, NULL, s.finished_at, s.closed_at,
    s.supplement_count, s.paid_online, s.digitised, s.reused_documents, s.electronic_result
FROM bench_stats_staged s"""

LETTERS = """
INSERT INTO apology_letter (dossier, issued_at, previous_due_at, new_due_at, reason,
    officer_id)
SELECT id, finished_at, promised_at, due_at, 'Hồ sơ cần xác minh thêm', ''
FROM bench_stats_staged WHERE finished_at IS NOT NULL AND finished_at > promised_at"""

RATINGS = """
INSERT INTO dossier_rating (id, dossier, person, agency, service, level, criteria, comment,
    created_at, updated_at)
SELECT md5('motcua-bench-rating/' || g)::uuid, id,
    md5('motcua-bench-person/' || applicant_no)::uuid, agency, service,
    CASE WHEN late THEN greatest(1, level - 2) ELSE level END, '{}', '', rated_at, rated_at
FROM bench_stats_staged WHERE finished_at IS NOT NULL AND rates AND rated_at < now()"""


async def fill(conn: asyncpg.Connection, dossiers: int) -> dict[str, int]:
    """Applicants, `dossiers` dossiers, their apology letters and ratings, into a migrated
    database holding the demo catalogue and no dossier yet; returns the counts."""
    people = max(1, dossiers // PER_APPLICANT)
    async with conn.transaction():
        # The staged rows are one long expression per column: PostgreSQL's JIT would spend
        # more time compiling it than the statement takes to run.
        await conn.execute("SET LOCAL jit = off")
        await conn.execute(SERVICES)
        await conn.execute("ANALYZE services")
        services = await conn.fetchval("SELECT count(*) FROM services")
        await conn.execute(PEOPLE, people)
        await conn.execute("DROP TABLE IF EXISTS bench_stats_staged")
        # CREATE TABLE … AS takes no bound parameters: the three integers are written in.
        staged = STAGED
        for number, value in (("$1", dossiers), ("$2", services), ("$3", people)):
            staged = staged.replace(f"{number}::int", str(int(value)))
        await conn.execute(staged)
        await conn.execute(DOSSIERS)
        letters = int((await conn.execute(LETTERS)).split()[-1])
        ratings = int((await conn.execute(RATINGS)).split()[-1])
        await conn.execute("DROP TABLE bench_stats_staged")
    await conn.execute("ANALYZE")
    return {"dossiers": dossiers, "applicants": people, "apology_letters": letters,
            "ratings": ratings}
