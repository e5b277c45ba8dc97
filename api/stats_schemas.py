"""Response shapes of the statistics API (built as plain data by stats/report.py). No
`from __future__ import annotations` here, so the OpenAPI generator sees the real types.
A null figure is one withheld by the cell rule (fewer than `min_cell` dossiers or ratings)."""

from typing import Literal, TypedDict

Unit = Literal["percent", "count", "dong", "days", "level"]
Group = Literal["online", "payment", "progress", "satisfaction", "digitisation"]
Channel = Literal["app", "portal", "counter", "post"]


class ScopeOut(TypedDict):
    agency: str | None  # unit code, or null for every agency
    field: str | None  # field code, or null for every field
    name: str


# ISO dates, both inclusive; "from" is a Python keyword, hence the functional form.
PeriodOut = TypedDict("PeriodOut", {
    "kind": Literal["month", "quarter", "year", "custom", "last12"], "from": str, "to": str})


class IndicatorOut(TypedDict):
    key: str
    group: Group
    label: str
    value: float | None
    numerator: int | None
    denominator: int | None
    unit: Unit
    definition: str


class ChannelOut(TypedDict):
    channel: Channel
    label: str
    dossiers: int | None
    share: float | None


class Indicators(TypedDict):
    scope: ScopeOut
    period: PeriodOut
    min_cell: int
    as_of: str  # the moment the point-in-time figures (open, overdue) were taken
    indicators: list[IndicatorOut]
    channels: list[ChannelOut]


class SeriesOut(TypedDict):
    key: str
    label: str


class MonthOut(TypedDict):
    month: str  # YYYY-MM
    submitted: int | None
    finished: int | None
    online_share: float | None
    on_time_rate: float | None
    paid_online_share: float | None
    satisfaction_rate: float | None
    electronic_result_share: float | None


class Trend(TypedDict):
    scope: ScopeOut
    period: PeriodOut
    min_cell: int
    series: list[SeriesOut]
    months: list[MonthOut]


class AgencyRow(TypedDict):
    agency: str | None  # null: the agencies merged for having too few dossiers
    name: str
    submitted: int | None
    finished: int | None
    online_share: float | None
    on_time_rate: float | None
    paid_online_share: float | None
    satisfaction_rate: float | None
    electronic_result_share: float | None


class Agencies(TypedDict):
    scope: ScopeOut
    period: PeriodOut
    min_cell: int
    series: list[SeriesOut]
    agencies: list[AgencyRow]
