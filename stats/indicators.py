"""The indicators of Decision 766/QĐ-TTg (2022) that motcua can measure, defined in one place.

Two halves, read together:

1. `contribution(...)`: what one dossier adds to the daily counters of stats_day, each dated by
   its period rule. The rollups (stats/rollup.py) and the full recount (stats/recount.py) both
   call it, so there is one definition of every counter.
2. `figures(...)`: the indicators made from the counters summed over a scope (system, agency,
   field) and a period, each with its numerator, denominator and the cell rule below.

Times are stored in UTC; a "day" is the calendar day in Asia/Ho_Chi_Minh.

Aggregates only: no answer names a person or a dossier. Cell rule (MIN_CELL = 5): a rate or an
average is published only when the group it is about (its denominator) holds at least 5
dossiers or ratings, otherwise it and its numerator are null; a count published on its own
(dossiers by channel, open or overdue dossiers, amounts) is null when it is between 1 and 4
(amounts follow the count of fee-bearing dossiers; a channel's share follows its count).
Shares of services (full-process, used online) describe the catalogue and are not suppressed.
Comparisons between agencies merge the agencies below the threshold into one row ("other
agencies", stats/report.py); a month below it in a trend shows nulls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_CELL = 5
CHANNELS = ("app", "portal", "counter", "post")
ONLINE_CHANNELS = frozenset({"app", "portal"})  # submitted online: the app or the web portal
SATISFIED_LEVELS = frozenset({4, 5})  # hài lòng, rất hài lòng: the top two of five levels
# The deadline clock runs in these states; a supplement request stops it (DOMAIN.md), and a
# dossier not yet received has no deadline.
CLOCK_RUNNING = frozenset({"received", "processing", "payment_requested"})

COUNTERS = (
    # by submission date (submitted_at)
    "submitted", "fee_bearing", "paid_online", "fee_amount", "fee_amount_online", "reused",
    "digitised",
    # by result date (finished_at)
    "finished", "on_time", "electronic", "timed", "processing_seconds", "promised_seconds",
    # by rating date (the rating's created_at)
    "rated", "satisfied", "rating_sum",
    # by due date, open dossiers only: the rollup half of "open dossiers overdue"
    "open_due",
)


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def late(dossier: dict[str, Any], apologised: bool) -> bool:
    """A finished dossier is late when its result came after the due date in force (then an
    apology letter was issued and the due date moved: `apologised`), or when it had more than
    one supplement request (DOMAIN.md, "Deadlines": such a dossier counts as late)."""
    due = dossier["due_at"]
    return (apologised or dossier["supplement_count"] > 1
            or (due is not None and dossier["finished_at"] > due))


def contribution(dossier: dict[str, Any], rating: dict[str, Any] | None = None,
                 apologised: bool = False) -> dict[date, dict[str, int]]:
    """Day → counters that this dossier adds, for its agency, service and channel. A draft adds
    nothing. `rating` is its DossierRating row (level, created_at) if any."""
    days: dict[date, dict[str, int]] = {}

    def add(day: date, **counters: int) -> None:
        bucket = days.setdefault(day, {})
        for name, value in counters.items():
            if value:
                bucket[name] = bucket.get(name, 0) + int(value)

    if dossier["submitted_at"] is not None:
        # Online share, online payment, reuse and digitisation: dossiers by submission date,
        # all channels in the denominator (counter and post ones included).
        fee = dossier["fee_total"] or 0
        paid = fee > 0 and dossier["paid_online"]
        add(local_day(dossier["submitted_at"]), submitted=1, fee_bearing=fee > 0,
            paid_online=paid, fee_amount=fee, fee_amount_online=fee if paid else 0,
            reused=dossier["reused_documents"], digitised=dossier["digitised"])
    if dossier["finished_at"] is not None:
        # On time, electronic results, processing time: dossiers by result date.
        counters = dict(finished=1, on_time=not late(dossier, apologised),
                        electronic=dossier["electronic_result"])
        received, promised = dossier["received_at"], dossier["original_due_at"]
        if received is not None and promised is not None:
            # Calendar time from receipt to result against receipt to the first promised date;
            # time paused for supplements is inside the actual figure.
            counters.update(timed=1,
                            processing_seconds=(dossier["finished_at"] - received).total_seconds(),
                            promised_seconds=(promised - received).total_seconds())
        add(local_day(dossier["finished_at"]), **counters)
    if rating is not None:
        # Satisfaction: ratings by the date the citizen first rated (a changed rating keeps it).
        add(local_day(rating["created_at"]), rated=1, rating_sum=rating["level"],
            satisfied=rating["level"] in SATISFIED_LEVELS)
    if dossier["state"] in CLOCK_RUNNING and dossier["due_at"] is not None:
        add(local_day(dossier["due_at"]), open_due=1)
    return {day: counters for day, counters in days.items() if counters}


@dataclass(frozen=True)
class Figure:
    key: str
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    unit: str = "percent"  # percent | count | dong | days | level


def _count(n: int) -> int | None:
    return n if n == 0 or n >= MIN_CELL else None


def share(key: str, numerator: int, denominator: int, min_cell: int = MIN_CELL) -> Figure:
    if denominator < min_cell or denominator == 0:
        return Figure(key, None, None, denominator if denominator == 0 else None)
    return Figure(key, round(100 * numerator / denominator, 1), numerator, denominator)


def average(key: str, total: float, count: int, unit: str, scale: float = 1.0) -> Figure:
    if count < MIN_CELL:
        return Figure(key, None, None, count if count == 0 else None, unit)
    return Figure(key, round(total / count / scale, 2), None, count, unit)


def amount(key: str, total: int, group: int) -> Figure:
    return Figure(key, total if group == 0 or group >= MIN_CELL else None, unit="dong")


DAY = 86400.0


def figures(sums: dict[str, int], catalogue: dict[str, int], open_now: dict[str, int]
            ) -> list[Figure]:
    """The indicators for one scope and period. `sums`: the counters summed over the period
    (plus `online` = submitted through app or portal); `catalogue`: services now in the scope
    (`services`, `full_process`, `online_services`, `online_services_used` = online services
    with at least one dossier submitted online in the period); `open_now`: `open`, `overdue`
    at this moment (stats/queries.py)."""
    s = sums
    return [
        # Online services: dossiers submitted online / all dossiers submitted (all channels).
        share("online_share", s["online"], s["submitted"]),
        Figure("submitted", _count(s["submitted"]), unit="count"),
        # Active procedures offered full-process / all active procedures (catalogue, now).
        # Shares of services describe the public catalogue, no person: never suppressed.
        share("full_process_share", catalogue["full_process"], catalogue["services"], 1),
        # Online services that received ≥ 1 online dossier in the period / online services.
        share("online_services_used", catalogue["online_services_used"],
              catalogue["online_services"], 1),
        # Online payment: fee-bearing dossiers paid online / fee-bearing dossiers (submission).
        share("paid_online_share", s["paid_online"], s["fee_bearing"]),
        amount("fee_amount", s["fee_amount"], s["fee_bearing"]),
        amount("fee_amount_online", s["fee_amount_online"], s["fee_bearing"]),
        # Progress: finished on time / finished (result date); > 1 supplement request is late.
        share("on_time_rate", s["on_time"], s["finished"]),
        Figure("finished", _count(s["finished"]), unit="count"),
        # Open (clock running) and overdue (due date passed) at this moment: not period-bound.
        Figure("open", _count(open_now["open"]), unit="count"),
        Figure("open_overdue", _count(open_now["overdue"]), unit="count"),
        average("processing_days", s["processing_seconds"], s["timed"], "days", DAY),
        average("promised_days", s["promised_seconds"], s["timed"], "days", DAY),
        # Satisfaction: ratings at level 4–5 / all ratings (rating date); mean level 1–5.
        share("satisfaction_rate", s["satisfied"], s["rated"]),
        average("average_rating", s["rating_sum"], s["rated"], "level"),
        # Digitisation: electronic results / finished (result date); documents reused from the
        # citizen's data store and dossiers digitised / submitted (submission date).
        share("electronic_result_share", s["electronic"], s["finished"]),
        share("reused_share", s["reused"], s["submitted"]),
        share("digitised_share", s["digitised"], s["submitted"]),
    ]
