"""The benchmark's database: created fresh, migrated, seeded with the demo catalogue, then filled.

Prototype rows are made by the domain's own functions (a draft with a complete form and its
documents, and that draft submitted: code, fee quote, offline steps), and then cloned in bulk
with `INSERT … SELECT … FROM generate_series` — a million dossiers in a minute or two instead of
hours through the API. Clones differ from their prototype in id, owner, state, dates and code."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg

from auth.principal import Principal
from bench.forms import complete_form, document_for
from catalogue.seed import seed_demo
from core.db.migrate import migrate
from dossiers import attachments, drafts, submission
from dossiers.context import service_by_code
from models.catalogue import RequiredDocument, Service
from models.dossiers import Dossier

# Internal state by g % 20 for the bulk dossiers: mostly finished, some still in progress.
STATE_MIX = (["result_returned"] * 12 + ["result_ready"] * 2 + ["processing"] * 2
             + ["received", "submitted", "refused", "withdrawn"])
STATUS = {"submitted": 1, "received": 2, "refused": 3, "processing": 4, "withdrawn": 7,
          "result_ready": 9, "result_returned": 10}
PER_APPLICANT = 50  # bulk dossiers per other applicant on average
READER_DOSSIERS = 100  # dossiers of the citizen whose list and detail are measured


@dataclass
class Dataset:
    dsn: str
    reader: uuid.UUID | None = None  # the measured citizen
    submitters: list[uuid.UUID] = field(default_factory=list)
    draft_protos: list[uuid.UUID] = field(default_factory=list)
    submitted_protos: list[uuid.UUID] = field(default_factory=list)
    dossiers: int = 0  # bulk dossiers inserted so far (g runs 1..dossiers)
    applicants: int = 0


async def recreate_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def _columns(conn: asyncpg.Connection, table: str) -> list[str]:
    rows = await conn.fetch("SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = $1 ORDER BY ordinal_position", table)
    return [r["column_name"] for r in rows]


async def clone_sql(conn: asyncpg.Connection, table: str, source: str,
                    overrides: dict[str, str]) -> str:
    """INSERT INTO table SELECT … FROM `source`, taking each column from the source row `p`
    unless `overrides` gives an SQL expression for it."""
    columns = await _columns(conn, table)
    values = ", ".join(overrides.get(c, f'p."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) SELECT {values} FROM {source}'


async def prepare(ds: Dataset) -> None:
    """Schema, demo catalogue, people and prototypes (needs the Piccolo engine on ds.dsn)."""
    await migrate()
    await seed_demo()
    conn = await asyncpg.connect(ds.dsn)
    try:
        person = await _one_person(conn)
        ds.reader = person
        ds.submitters = [await _one_person(conn) for _ in range(32)]
        await _prototypes(ds)
    finally:
        await conn.close()


async def _one_person(conn: asyncpg.Connection) -> uuid.UUID:
    person_id = uuid.uuid4()
    id_number = f"0010{person_id.int % 10**8:08d}"
    await conn.execute(
        "INSERT INTO person (id, id_number, full_name, phone, email, role, agency, locale, "
        "created_at) VALUES ($1, $2, 'Nguyễn Văn An', '0912345678', '', 'citizen', NULL, 'vi', "
        "now())", person_id, id_number)
    return person_id


async def _prototypes(ds: Dataset) -> None:
    """Per service that can be completed online: one filled draft and one submitted dossier."""
    owner = Principal(person_id=ds.submitters[0], role="citizen", session_id=uuid.uuid4())
    codes = await Service.select(Service.code).where(Service.online_submission == True)  # noqa: E712
    for code in sorted(r["code"] for r in codes):
        service = await service_by_code(code)
        form = complete_form(service)
        slots = await RequiredDocument.select().where(
            (RequiredDocument.service == service["id"]) & (RequiredDocument.mandatory == True)  # noqa: E712
        ).output(load_json=True)
        files = [(s["slot"], document_for(s["accepted_types"])) for s in slots]
        if form is None or any(doc is None for _, doc in files):
            continue
        made = []
        for _ in range(2):
            row = await drafts.create_draft(owner, code)
            row = await drafts.patch_draft(row, form)
            for slot, (filename, content) in files:
                await attachments.add_attachment(row, slot, filename, content)
            made.append(row["id"])
        row = await Dossier.select().where(Dossier.id == made[1]).first()
        await submission.submit(owner, row, None)
        ds.draft_protos.append(made[0])
        ds.submitted_protos.append(made[1])


async def add_people(conn: asyncpg.Connection, ds: Dataset, total: int) -> None:
    """Other applicants up to `total`, cloned from the measured citizen's row."""
    if total <= ds.applicants:
        return
    sql = await clone_sql(conn, "person", "person p, generate_series($2::int, $3::int) g", {
        "id": "gen_random_uuid()", "id_number": "lpad((900000000000 + g)::text, 12, '0')",
        "full_name": "'Người nộp ' || g", "last_sign_in_at": "NULL"})
    await conn.execute(sql + " WHERE p.id = $1", ds.reader, ds.applicants + 1, total)
    ds.applicants = total


def _bulk_overrides() -> dict[str, str]:
    """Dossier g: one of the prototypes' services, a state from STATE_MIX, a day up to two years
    back, and the code <unit>-<YYMMDD>-<seq>: days are g*7919 mod 730 (a bijection on residues,
    7919 being prime), so two g on one day differ by a multiple of 730 and seq = g/730 + 1
    never repeats within a day."""
    states = "(ARRAY[" + ",".join(f"'{s}'" for s in STATE_MIX) + "])[1 + g % 20]"
    statuses = "(ARRAY[" + ",".join(str(STATUS[s]) for s in STATE_MIX) + "])[1 + g % 20]"
    day = "(current_date - (1 + (g::bigint * 7919) % 730)::int)"
    created = (f"({day}::timestamp AT TIME ZONE 'UTC' + interval '1 hour' "
               "+ (g % 28800) * interval '1 second')")
    finished = "g % 20 < 14"
    received = "g % 20 NOT IN (17, 18)"
    return {
        "id": "gen_random_uuid()",
        "applicant": ("CASE WHEN $4::int > 0 AND g % greatest($4::int, 1) = 0 THEN $5::uuid "
                      "ELSE a.ids[1 + (g * 31) % cardinality(a.ids)] END"),
        "state": states, "status_code": statuses, "version": "3 + g % 5",
        "code": (f"p.unit || '-' || to_char({day}, 'YYMMDD') || '-' "
                 "|| lpad((g / 730 + 1)::text, 4, '0')"),
        "created_at": created, "updated_at": created,
        "submitted_at": f"{created} + interval '10 minutes'",
        "received_at": f"CASE WHEN {received} THEN {created} + interval '1 day' END",
        "due_at": f"CASE WHEN {received} THEN {created} + interval '15 days' END",
        "original_due_at": f"CASE WHEN {received} THEN {created} + interval '15 days' END",
        "finished_at": f"CASE WHEN {finished} THEN {created} + interval '8 days' END",
        "closed_at": (f"CASE WHEN g % 20 < 12 OR g % 20 > 17 THEN {created} + interval '9 days' "
                      "END"),
        "paused_since": "NULL", "electronic_result": finished,
        # Every channel, so that the statistics (stats/) have counter and post dossiers too.
        "channel": "(ARRAY['app','portal','counter','post'])[1 + (g / 3) % 4]",
        "submission_channel": "(ARRAY[2, 2, 1, 3])[1 + (g / 3) % 4]",
    }


async def add_dossiers(conn: asyncpg.Connection, ds: Dataset, total: int,
                       reader_every: int = 0) -> None:
    """Bulk dossiers g = ds.dossiers+1 … total; every `reader_every`-th one is the reader's."""
    if total <= ds.dossiers:
        return
    source = ("(SELECT d.*, ag.unit_code AS unit, row_number() OVER (ORDER BY d.id) - 1 AS k "
              " FROM dossier d JOIN agency ag ON ag.id = d.agency WHERE d.id = ANY($1)) p "
              "JOIN generate_series($2::int, $3::int) g ON p.k = g % $6::int CROSS JOIN "
              "(SELECT array_agg(id) AS ids FROM person WHERE full_name LIKE 'Người nộp %') a")
    sql = await clone_sql(conn, "dossier", source, _bulk_overrides())
    await conn.execute(sql, ds.submitted_protos, ds.dossiers + 1, total, reader_every,
                       ds.reader, len(ds.submitted_protos))
    ds.dossiers = total
    await conn.execute("ANALYZE")


async def build_rollups() -> int:
    """The statistics' rollups (stats_day), rebuilt from the dossiers cloned in bulk (they
    bypassed the outbox that keeps them in a running service); returns the dossiers read."""
    from stats.recount import verify

    return (await verify(rebuild=True)).dossiers


async def add_drafts(conn: asyncpg.Connection, ds: Dataset, count: int) -> list[tuple[str, str]]:
    """`count` complete drafts (form and documents) spread over the submitting citizens and the
    prototypes' services; returns (dossier id, owner id) pairs in random order. A clone's
    attachment rows point at its prototype's stored file, which submission does not open."""
    source = ("(SELECT d.*, row_number() OVER (ORDER BY d.id) - 1 AS k FROM dossier d "
              " WHERE d.id = ANY($1)) p JOIN generate_series(1, $2::int) g ON p.k = g % $4::int")
    insert = await clone_sql(conn, "dossier", source, {
        "id": "gen_random_uuid()", "applicant": "($3::uuid[])[1 + g % cardinality($3::uuid[])]",
        "created_at": "now()", "updated_at": "now()"})
    copy = await clone_sql(conn, "dossier_attachment", (
        "made d JOIN dossier proto ON proto.id = ANY($1) AND proto.service = d.service "
        "JOIN dossier_attachment p ON p.dossier = proto.id"),
        {"id": "gen_random_uuid()", "dossier": "d.id", "uploaded_at": "now()"})
    rows = await conn.fetch(
        f"WITH made AS ({insert} RETURNING id, applicant, service), "
        f"files AS ({copy} RETURNING 1) "
        "SELECT id, applicant FROM made ORDER BY random()",
        ds.draft_protos, count, ds.submitters, len(ds.draft_protos))
    return [(str(r["id"]), str(r["applicant"])) for r in rows]


async def reader_dossier_ids(conn: asyncpg.Connection, ds: Dataset) -> list[str]:
    rows = await conn.fetch("SELECT id FROM dossier WHERE applicant = $1 AND state <> 'draft'",
                            ds.reader)
    return [str(r["id"]) for r in rows]


def utc_now() -> datetime:
    return datetime.now(UTC)
