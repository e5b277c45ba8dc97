"""Lists of dossiers, a page at a time.

A citizen's list is newest first on (created_at, id); an agency's queue is by due date. Both
seek from the cursor through a composite index (models/piccolo_migrations/indexes_*.py) and
read one page with its service's names joined in — one query per page, never a COUNT or an
OFFSET, so a page costs the same with ten thousand dossiers or a million."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeVar, cast

from piccolo.query import WhereRaw

from auth.principal import Principal
from core import clock
from core.clock import LOCAL
from core.db.compiled import Compiled
from core.text import SQL_FUNCTION, fold
from dossiers import cursors
from dossiers.rows import QueueRow, SummaryRow
from dossiers.timing import end_of_local_day
from models.dossiers import Dossier
from workdays import load_calendar

SUMMARY = (
    Dossier.id, Dossier.code, Dossier.state, Dossier.status_code, Dossier.created_at,
    Dossier.submitted_at, Dossier.received_at, Dossier.due_at, Dossier.original_due_at,
    Dossier.finished_at, Dossier.paused_since, Dossier.result_delivery, Dossier.fee_total,
    Dossier.supplement_count, Dossier.channel, Dossier.service.code.as_alias("service_code"),
    Dossier.service.name_vi.as_alias("service_name_vi"),
    Dossier.service.name_en.as_alias("service_name_en"),
    Dossier.service.online_payment.as_alias("service_online_payment"),
)
NO_ID = uuid.UUID(int=0)  # sorts before every id: the start of the undated part
OPEN_STATES = ("submitted", "received", "processing", "supplement_requested", "payment_requested")


Row = TypeVar("Row", bound=SummaryRow)


def _page(rows: list[Row], limit: int,
          key: Literal["created_at", "due_at"]) -> tuple[list[Row], str | None]:
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, cursors.encode(rows[-1][key], rows[-1]["id"]) if more else None


@lru_cache(maxsize=512)  # 2 × 2 × at most 100 page sizes
def _citizen_query(with_state: bool, with_cursor: bool, size: int) -> Compiled:
    """The page query for one combination of filters and page size, compiled once (a citizen
    opens their list on every app start: core/db/compiled.py)."""
    def build(person_id, state, at, last_id):
        query = Dossier.select(*SUMMARY).where(Dossier.applicant == person_id)
        if with_state:
            query = query.where(Dossier.state == state)
        if with_cursor:
            # A row-value comparison, so the index seeks straight to the cursor (an OR of the
            # two columns would make the database scan from the newest row on every page).
            query = query.where(WhereRaw(
                '("dossier"."created_at", "dossier"."id") < ({}, {})', at, last_id))
        return query.order_by(Dossier.created_at, Dossier.id, ascending=False).limit(size)

    return Compiled(build)


async def citizen_page(principal: Principal, *, state: str | None, cursor: str | None,
                       limit: int) -> tuple[list[SummaryRow], str | None]:
    at, last_id = cursors.decode(cursor) if cursor else (None, None)
    query = _citizen_query(bool(state), bool(cursor), limit + 1)
    # The driver's records, looked up only (views.summaries): read like the dicts they stand for.
    rows = cast(list[SummaryRow], await query.records(
        person_id=principal.person_id, state=state, at=at, last_id=last_id))
    return _page(rows, limit, "created_at")


# The applicant as the agency's officers see them in the queue (the ID number is masked
# before it leaves: dossiers/views.py).
APPLICANT = (
    Dossier.applicant.full_name.as_alias("applicant_full_name"),
    Dossier.applicant.phone.as_alias("applicant_phone"),
    Dossier.applicant.email.as_alias("applicant_email"),
    Dossier.applicant.id_number.as_alias("applicant_id_number"),
)
# What is still the agency's work: every state but the draft and the terminal ones (a result
# ready waits to be handed over). Written out as SQL, the same text as the partial index
# dossier_agency_open_due (piccolo_migrations/queue_open_index_2026_12_07.py), which the
# databases use only for a query that says the same thing.
QUEUE_OPEN = (*OPEN_STATES, "result_ready")
QUEUE_OPEN_SQL = '"dossier"."state" IN (' + ", ".join(f"'{s}'" for s in QUEUE_OPEN) + ")"
_LIKE_SPECIALS = str.maketrans("", "", "%_\\")


def _search_terms(words: str) -> tuple[str, str] | None:
    """The LIKE patterns of a search: the code's without regard to case, the name's without
    regard to case or diacritics ("nguyen van an" finds "Nguyễn Văn An", core/text.py). LIKE
    wildcards typed by the officer are dropped; None when nothing is left to search for."""
    text = " ".join(words.translate(_LIKE_SPECIALS).split())
    return (f"%{text.upper()}%", f"%{fold(text)}%") if text else None


@dataclass(frozen=True)
class _QueueShape:
    """Which filters a queue query has: each shape is compiled once (core/db/compiled.py), as
    officers reload their queue all day."""

    dated: bool  # the dated part (by due_at, id) or the undated one (by id)
    state: bool  # one state asked for
    open_only: bool  # the default: open dossiers (QUEUE_OPEN_SQL)
    search: bool
    overdue: bool
    due_by: bool  # due_within_days
    after: bool  # seeking past a cursor
    size: int


@lru_cache(maxsize=512)
def _queue_query(shape: _QueueShape) -> Compiled:
    def build(agency_id, state, code_like, name_like, now, due_by, due, last_id):
        query = Dossier.select(*SUMMARY, Dossier.applicant, *APPLICANT).where(
            (Dossier.agency == agency_id) & (Dossier.state != "draft"))
        if shape.state:
            query = query.where(Dossier.state == state)
        if shape.open_only:
            query = query.where(WhereRaw(QUEUE_OPEN_SQL))
        if shape.search:
            # A search reads the agency's open dossiers rather than seeking: it is typed, not
            # polled. "dossier$applicant" is Piccolo's alias of the person APPLICANT joins in.
            query = query.where(WhereRaw(
                f'("dossier"."code" LIKE {{}} OR {SQL_FUNCTION}("dossier$applicant"."full_name")'
                " LIKE {})", code_like, name_like))
        if not shape.dated:
            return (query.where(Dossier.due_at.is_null() & (Dossier.id > last_id))
                    .order_by(Dossier.id).limit(shape.size))
        query = query.where(Dossier.due_at.is_not_null())
        if shape.overdue or shape.due_by:
            query = query.where(Dossier.state.is_in(list(OPEN_STATES)))
        if shape.overdue:
            query = query.where(Dossier.due_at < now)
        if shape.due_by:
            query = query.where(Dossier.due_at <= due_by)
        if shape.after:
            query = query.where(WhereRaw('("dossier"."due_at", "dossier"."id") > ({}, {})',
                                         due, last_id))
        return query.order_by(Dossier.due_at, Dossier.id).limit(shape.size)

    return Compiled(build)


async def agency_page(principal: Principal, *, state: str | None, overdue: bool,
                      due_within_days: int | None, cursor: str | None, limit: int,
                      search: str | None = None,
                      include_closed: bool = False) -> tuple[list[QueueRow], str | None]:
    """Dated dossiers by (due_at, id), then those not received yet (no due date) by id. Each
    part is a seek on an index; a page takes at most two queries. Open dossiers only unless
    `include_closed` or a `state` is asked for."""
    due, last_id = cursors.decode(cursor) if cursor else (None, None)
    terms = _search_terms(search) if search else None
    now = clock.now()
    values = {"agency_id": principal.agency_id, "state": state,
              "code_like": terms[0] if terms else None, "name_like": terms[1] if terms else None,
              "now": now, "due_by": await _due_by(now, due_within_days), "due": due}

    async def read(dated: bool, after: bool, size: int,
                   last_id: uuid.UUID | None) -> list[QueueRow]:
        query = _queue_query(_QueueShape(
            dated=dated, state=bool(state), open_only=not state and not include_closed,
            search=terms is not None, overdue=overdue, due_by=due_within_days is not None,
            after=after, size=size))
        return cast(list[QueueRow], await query.rows(**values, last_id=last_id))

    rows: list[QueueRow] = []
    if due is not None or last_id is None:
        rows = await read(True, due is not None, limit + 1, last_id)
        if len(rows) > limit:
            return _page(rows, limit, "due_at")
        last_id = NO_ID
    if overdue or due_within_days is not None:  # undated dossiers cannot be late or due soon
        return rows, None
    undated = await read(False, True, limit - len(rows) + 1, last_id)
    more = len(rows) + len(undated) > limit
    rows = (rows + undated)[:limit]
    if not more:
        return rows, None
    # Past the last dated row, the next page starts at the beginning of the undated part.
    last = rows[-1]["id"] if rows[-1]["due_at"] is None else NO_ID
    return rows, cursors.encode(None, last)


async def _due_by(now, due_within_days: int | None):
    """The end of the local day `due_within_days` working days from today, or None."""
    if due_within_days is None:
        return None
    day = now.astimezone(LOCAL).date()
    if due_within_days > 0:
        day = (await load_calendar()).add_working_days(day, due_within_days)
    return end_of_local_day(day)
