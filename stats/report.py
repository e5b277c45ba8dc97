"""The statistics answers: the indicators of a scope and period, their trend by month and the
comparison between agencies, with labels in the reader's language. Aggregates only (see the
cell rule in stats/indicators.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from catalogue.queries import texts
from core import clock
from core.cache import SettlingCache
from core.changes import BUS
from models.stats import StatsDay
from stats import queries, words
from stats.indicators import CHANNELS, LOCAL, MIN_CELL, Figure, figures, share
from stats.periods import Period, parse
from stats.queries import Scope

RATE_COUNTERS = ("online", "submitted", "finished", "on_time", "fee_bearing", "paid_online",
                 "rated", "satisfied", "electronic")  # queries.RATE_SUMS
# Answers and their parts by request, in each API process (core/cache.py): every change to
# the rollups announces "stats" (stats/rollup.py, stats/recount.py), after which what is kept is
# read again once it is LAG seconds old, and every change to the catalogue announces
# "catalogue" (agency names, services), which empties it at once. So an answer is never more
# than LAG seconds behind the rollups, and a steady stream of dossier changes costs each
# request's figures one read per LAG seconds per process. Point-in-time figures are kept by
# minute.
LAG = 5.0
ANSWERS = SettlingCache("stats", size=4096, lag=LAG)
BUS.listen("catalogue", lambda _key: ANSWERS.clear(), ANSWERS.clear)
TREND_KEYS = ("online_share", "on_time_rate", "paid_online_share", "satisfaction_rate",
              "electronic_result_share")


def period_of(period: str | None, start: date | None, end: date | None) -> Period:
    return parse(period, start, end, clock.now().astimezone(LOCAL).date())


def _head(scope: Scope, period: Period, locale: str) -> dict[str, Any]:
    name = " · ".join(names[locale] for names in scope.names)
    return {"scope": {"agency": scope.agency_code, "field": scope.field_code,
                      "name": name or words.pick(words.WHOLE_SYSTEM, locale)},
            "period": {"kind": period.kind, "from": period.start.isoformat(),
                       "to": period.end.isoformat()},
            "min_cell": MIN_CELL}


def _figure(figure: Figure, locale: str) -> dict[str, Any]:
    group = words.INDICATORS[figure.key][0]
    return {"key": figure.key, "group": group, "label": words.label(figure.key, locale),
            "value": figure.value, "numerator": figure.numerator,
            "denominator": figure.denominator, "unit": figure.unit,
            "definition": words.definition(figure.key, locale)}


def _kept(*key: Any):
    """What is kept for `key`, or what the loader given computes, then kept."""
    return lambda load: ANSWERS.get_or_load(repr(key), load)


async def indicators(agency: str | None, field: str | None, period: Period,
                     locale: str) -> dict[str, Any]:
    # Point-in-time figures are taken at the minute, so that answers within it are the same
    # (and their ETag too). The period's sums are kept apart from them, so that a new minute
    # costs one query per scope, not one per scope and period.
    now = clock.now().replace(second=0, microsecond=0)
    return await _kept("indicators", agency, field, period.key, period.kind, locale,
                       now.isoformat())(lambda: _indicators(agency, field, period, locale, now))


async def _indicators(agency: str | None, field: str | None, period: Period, locale: str,
                      now: datetime) -> dict[str, Any]:
    scope = await _kept("scope", agency, field)(lambda: queries.scope_of(agency, field))
    rows = await _kept("sums", agency, field, period.key)(
        lambda: queries.sums_by_channel_and_service(scope, period.start, period.end))
    services = await _kept("services", agency, field)(lambda: queries.services_in(scope))
    now_open = await _kept("open", agency, field, now.isoformat())(
        lambda: queries.open_now(scope, now))
    sums = queries.total(rows)
    result = figures(sums, queries.catalogue_counts(services, rows), now_open)
    channels = []
    for channel in CHANNELS:
        count = sum(int(r["submitted"]) for r in rows if r["channel"] == channel)
        shown = count == 0 or count >= MIN_CELL  # a channel is a cell of its own
        channels.append({"channel": channel, "label": words.channel_label(channel, locale),
                         "dossiers": count if shown else None,
                         "share": share(channel, count, sums["submitted"]).value if shown
                         else None})
    return {**_head(scope, period, locale), "as_of": now.isoformat(),
            "indicators": [_figure(f, locale) for f in result], "channels": channels}


def _rates(sums: dict[str, int]) -> dict[str, float | None]:
    return {
        "online_share": share("", sums["online"], sums["submitted"]).value,
        "on_time_rate": share("", sums["on_time"], sums["finished"]).value,
        "paid_online_share": share("", sums["paid_online"], sums["fee_bearing"]).value,
        "satisfaction_rate": share("", sums["satisfied"], sums["rated"]).value,
        "electronic_result_share": share("", sums["electronic"], sums["finished"]).value,
    }


def _count(n: int) -> int | None:
    return n if n == 0 or n >= MIN_CELL else None


def months(start: date, end: date) -> list[str]:
    out, current = [], start.replace(day=1)
    while current <= end:
        out.append(current.strftime("%Y-%m"))
        current = (current + timedelta(days=32)).replace(day=1)
    return out


async def trend(agency: str | None, field: str | None, period: Period,
                locale: str) -> dict[str, Any]:
    """The main rates month by month (a month below the cell threshold shows nulls)."""
    return await _kept("trend", agency, field, period.key, period.kind, locale)(
        lambda: _trend(agency, field, period, locale))


async def _trend(agency: str | None, field: str | None, period: Period,
                 locale: str) -> dict[str, Any]:
    scope = await _kept("scope", agency, field)(lambda: queries.scope_of(agency, field))
    found = {row["key"]: row for row in await queries.rates_by(scope, period.start, period.end,
                                                               "month")}
    result = []
    for month in months(period.start, period.end):
        sums = queries.total([found[month]] if month in found else [], RATE_COUNTERS)
        result.append({"month": month, "submitted": _count(sums["submitted"]),
                       "finished": _count(sums["finished"]), **_rates(sums)})
    return {**_head(scope, period, locale),
            "series": [{"key": k, "label": words.label(k, locale)} for k in TREND_KEYS],
            "months": result}


async def agencies(field: str | None, period: Period, locale: str) -> dict[str, Any]:
    """Agencies side by side; those with fewer than MIN_CELL dossiers in the period are merged
    into one "other agencies" row, which is itself subject to the cell rule."""
    return await _kept("agencies", field, period.key, period.kind, locale)(
        lambda: _agencies(field, period, locale))


async def _agencies(field: str | None, period: Period, locale: str) -> dict[str, Any]:
    scope = await _kept("scope", None, field)(lambda: queries.scope_of(None, field))
    rows = await queries.rates_by(scope, period.start, period.end, "agency")
    known = {a["id"]: a for a in await StatsDay.raw(
        'SELECT "id", "unit_code", "name_vi", "name_en" FROM "agency"')}
    answer, merged = [], []
    for row in rows:
        agency_id = row["key"]
        sums = queries.total([row], RATE_COUNTERS)
        if sums["submitted"] < MIN_CELL or agency_id not in known:
            merged.append(row)
            continue
        agency = known[agency_id]
        answer.append({"agency": agency["unit_code"], "name": texts(agency, "name", locale),
                       "submitted": sums["submitted"], "finished": _count(sums["finished"]),
                       **_rates(sums)})
    answer.sort(key=lambda a: a["agency"])
    if merged:
        sums = queries.total(merged, RATE_COUNTERS)
        answer.append({"agency": None, "name": words.pick(words.OTHER_AGENCIES, locale),
                       "submitted": _count(sums["submitted"]),
                       "finished": _count(sums["finished"]), **_rates(sums)})
    return {**_head(scope, period, locale),
            "series": [{"key": k, "label": words.label(k, locale)} for k in TREND_KEYS],
            "agencies": answer}
