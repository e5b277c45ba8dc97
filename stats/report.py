"""The statistics answers: the indicators of a scope and period, their trend by month and the
comparison between agencies, with labels in the reader's language. Aggregates only (see the
cell rule in stats/indicators.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from catalogue.queries import texts
from dossiers import clock
from models.catalogue import Agency, Field
from stats import queries, words
from stats.indicators import CHANNELS, LOCAL, MIN_CELL, Figure, figures, share
from stats.periods import Period, parse
from stats.queries import Scope

TREND_KEYS = ("online_share", "on_time_rate", "paid_online_share", "satisfaction_rate",
              "electronic_result_share")


def period_of(period: str | None, start: date | None, end: date | None) -> Period:
    return parse(period, start, end, clock.now().astimezone(LOCAL).date())


async def _scope_name(scope: Scope, locale: str) -> str:
    parts = []
    if scope.agency is not None:
        parts.append(texts(await Agency.select().where(Agency.id == scope.agency).first(),
                           "name", locale))
    if scope.field is not None:
        parts.append(texts(await Field.select().where(Field.id == scope.field).first(),
                           "name", locale))
    return " · ".join(parts) or words.pick(words.WHOLE_SYSTEM, locale)


async def _head(scope: Scope, period: Period, locale: str) -> dict[str, Any]:
    return {"scope": {"agency": scope.agency_code, "field": scope.field_code,
                      "name": await _scope_name(scope, locale)},
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
    by_channel = await queries.sums_by(scope, period.start, period.end, "channel")
    sums = queries.total(by_channel)
    # Point-in-time figures are taken at the minute, so that answers within it are the same
    # (and their ETag too).
    now = clock.now().replace(second=0, microsecond=0)
    result = figures(sums, await queries.catalogue_counts(scope, period.start, period.end),
                     await queries.open_now(scope, now))
    channels = []
    for channel in CHANNELS:
        count = sum(int(r["submitted"]) for r in by_channel if r["ch"] == channel)
        shown = count == 0 or count >= MIN_CELL  # a channel is a cell of its own
        channels.append({"channel": channel, "label": words.channel_label(channel, locale),
                         "dossiers": count if shown else None,
                         "share": share(channel, count, sums["submitted"]).value if shown
                         else None})
    return {**await _head(scope, period, locale), "as_of": now.isoformat(),
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


async def trend(agency: str | None, field: str | None, period: Period,
                locale: str) -> dict[str, Any]:
    """The main rates month by month (a month below the cell threshold shows nulls)."""
    scope = await queries.scope_of(agency, field)
    rows = await queries.sums_by(scope, period.start, period.end, "day")
    buckets: dict[str, list[dict[str, Any]]] = {m: [] for m in queries.months(period.start,
                                                                            period.end)}
    for row in rows:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(row["day"])
        buckets.setdefault(day.strftime("%Y-%m"), []).append(row)
    months = []
    for month, month_rows in sorted(buckets.items()):
        sums = queries.total(month_rows)
        months.append({"month": month, "submitted": _count(sums["submitted"]),
                       "finished": _count(sums["finished"]), **_rates(sums)})
    return {**await _head(scope, period, locale),
            "series": [{"key": k, "label": words.label(k, locale)} for k in TREND_KEYS],
            "months": months}


async def agencies(field: str | None, period: Period, locale: str) -> dict[str, Any]:
    """Agencies side by side; those with fewer than MIN_CELL dossiers in the period are merged
    into one "other agencies" row, which is itself subject to the cell rule."""
    scope = await queries.scope_of(None, field)
    rows = await queries.sums_by(scope, period.start, period.end, "agency")
    per_agency: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        per_agency.setdefault(row["agency"], []).append(row)
    known = {a["id"]: a for a in await Agency.select()}
    answer, merged = [], []
    for agency_id, agency_rows in per_agency.items():
        sums = queries.total(agency_rows)
        if sums["submitted"] < MIN_CELL or agency_id not in known:
            merged.extend(agency_rows)
            continue
        agency = known[agency_id]
        answer.append({"agency": agency["unit_code"], "name": texts(agency, "name", locale),
                       "submitted": sums["submitted"], "finished": _count(sums["finished"]),
                       **_rates(sums)})
    answer.sort(key=lambda a: a["agency"])
    if merged:
        sums = queries.total(merged)
        answer.append({"agency": None, "name": words.pick(words.OTHER_AGENCIES, locale),
                       "submitted": _count(sums["submitted"]),
                       "finished": _count(sums["finished"]), **_rates(sums)})
    return {**await _head(scope, period, locale),
            "series": [{"key": k, "label": words.label(k, locale)} for k in TREND_KEYS],
            "agencies": answer}
