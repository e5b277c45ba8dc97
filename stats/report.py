"""The statistics answers: the indicators of a scope and period, their trend by month and the
comparison between agencies, with labels in the reader's language. Aggregates only (see the
cell rule in stats/indicators.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from catalogue.queries import texts
from core import clock
from models.stats import StatsDay
from stats import queries, words
from stats.indicators import CHANNELS, LOCAL, MIN_CELL, Figure, figures, share
from stats.periods import Period, parse
from stats.queries import Scope

RATE_COUNTERS = ("online", "submitted", "finished", "on_time", "fee_bearing", "paid_online",
                 "rated", "satisfied", "electronic")  # queries.RATE_SUMS
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


async def indicators(agency: str | None, field: str | None, period: Period,
                     locale: str) -> dict[str, Any]:
    scope = await queries.scope_of(agency, field)
    rows = await queries.sums_by_channel_and_service(scope, period.start, period.end)
    sums = queries.total(rows)
    # Point-in-time figures are taken at the minute, so that answers within it are the same
    # (and their ETag too).
    now = clock.now().replace(second=0, microsecond=0)
    catalogue = queries.catalogue_counts(await queries.services_in(scope), rows)
    result = figures(sums, catalogue, await queries.open_now(scope, now))
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
    scope = await queries.scope_of(agency, field)
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
    scope = await queries.scope_of(None, field)
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
