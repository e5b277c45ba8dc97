"""HTTP routes of the statistics: the indicators of Decision 766 for a scope (system, agency,
field) and a period, their trend by month and the comparison between agencies, as JSON or CSV.
Anyone may read them (aggregates only, small cells withheld: stats/indicators.py). Answers carry
an ETag and may be kept by caches for a minute."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import QueryParameter

from api.contract import documented
from api.contract.document import ETAG_HEADER
from api.etags import etag_of, none_match
from api.stats_schemas import Agencies, Indicators, Trend
from core.i18n import negotiate
from stats import report
from stats.problems import BadPeriod, UnknownScope

MAX_AGE = 60
Agency = Annotated[str | None, QueryParameter(description="Agency unit code, e.g. 000.00.01.H22.")]
FieldCode = Annotated[str | None, QueryParameter(description="Field code, e.g. ho_tich.")]
PeriodText = Annotated[str | None, QueryParameter(
    description="A month (2026-11), a quarter (2026-Q4) or a year (2026). Without it and "
                "without from/to: the twelve months up to today.")]
From = Annotated[date | None, QueryParameter(name="from", description="Custom range: first day.")]
To = Annotated[date | None, QueryParameter(name="to", description="Custom range: last day.")]
CSV_TYPE = "text/csv"  # Litestar adds "; charset=utf-8" to text/ types
PROBLEMS = [UnknownScope, BadPeriod]
# Declared as octets (format: binary): a spreadsheet file to download, UTF-8 with a byte-order
# mark so that spreadsheet programs read the Vietnamese text right.
CSV_ANSWER = {"200": {
    "description": "The same figures as CSV, UTF-8 with a byte-order mark",
    "headers": ETAG_HEADER,
    "content": {CSV_TYPE: {"schema": {"type": "string", "format": "binary"}}}}}


def _answer(request: Request, body: bytes, media_type: str, locale: str,
            filename: str | None = None) -> Response[Any]:
    etag = etag_of(body)
    headers = {"ETag": etag, "Vary": "Accept-Language", "Content-Language": locale,
               "Cache-Control": f"public, max-age={MAX_AGE}"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if none_match(request.headers.get("if-none-match"), etag):
        return Response(content=b"", status_code=304, headers=headers)
    return Response(content=body, media_type=media_type, headers=headers)


def _json(request: Request, data: dict[str, Any], locale: str) -> Response[Any]:
    from litestar.serialization import encode_json

    return _answer(request, encode_json(data), "application/json", locale)


def _csv(request: Request, header: list[str], rows: list[list[Any]], locale: str,
         name: str, data: dict[str, Any]) -> Response[Any]:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the Vietnamese text as UTF-8
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    period = data["period"]
    filename = f"motcua-{name}-{period['from']}-{period['to']}.csv"
    return _answer(request, out.getvalue().encode(), CSV_TYPE, locale, filename)


def _scope_cells(data: dict[str, Any]) -> list[Any]:
    return [data["scope"]["name"], data["period"]["from"], data["period"]["to"]]


class StatsController(Controller):
    path = "/v1/stats"
    tags = ["statistics"]

    @documented(problems=PROBLEMS, etag=True)
    @get("/indicators", operation_id="getIndicators",
         summary="The indicators of Decision 766 for a scope and a period")
    async def indicators(self, request: Request, agency: Agency = None, field: FieldCode = None,
                         period: PeriodText = None, start: From = None,
                         end: To = None) -> Response[Indicators]:
        """Every indicator of Decision 766 for the scope (system, `agency`, `field`) and the
        period, with numerator, denominator, unit, label and definition; dossiers by channel.
        Figures about fewer than 5 dossiers or ratings are null."""
        locale = negotiate(request.headers.get("accept-language"))
        data = await report.indicators(agency, field, report.period_of(period, start, end),
                                       locale)
        return _json(request, data, locale)

    @documented(problems=PROBLEMS, etag=True, responses=CSV_ANSWER)
    @get("/indicators.csv", operation_id="getIndicatorsCsv", media_type=CSV_TYPE,
         summary="The same indicators as CSV")
    async def indicators_csv(self, request: Request, agency: Agency = None,
                             field: FieldCode = None, period: PeriodText = None,
                             start: From = None, end: To = None) -> Response[str]:
        """The figures of getIndicators as a CSV file (one row per indicator and per channel)."""
        locale = negotiate(request.headers.get("accept-language"))
        data = await report.indicators(agency, field, report.period_of(period, start, end),
                                       locale)
        rows = [[f["key"], f["label"], f["value"], f["numerator"], f["denominator"], f["unit"],
                 *_scope_cells(data)] for f in data["indicators"]]
        rows += [[f"channel_{c['channel']}", c["label"], c["share"], c["dossiers"],
                  None, "percent", *_scope_cells(data)] for c in data["channels"]]
        header = ["key", "label", "value", "numerator", "denominator", "unit", "scope", "from",
                  "to"]
        return _csv(request, header, rows, locale, "indicators", data)

    @documented(problems=PROBLEMS, etag=True)
    @get("/trend", operation_id="getIndicatorTrend",
         summary="The main indicators month by month")
    async def trend(self, request: Request, agency: Agency = None, field: FieldCode = None,
                    period: PeriodText = None, start: From = None,
                    end: To = None) -> Response[Trend]:
        """The main rates (online share, on time, paid online, satisfaction, electronic results)
        month by month; a month under the cell threshold shows nulls."""
        locale = negotiate(request.headers.get("accept-language"))
        data = await report.trend(agency, field, report.period_of(period, start, end), locale)
        return _json(request, data, locale)

    @documented(problems=PROBLEMS, etag=True, responses=CSV_ANSWER)
    @get("/trend.csv", operation_id="getIndicatorTrendCsv", media_type=CSV_TYPE,
         summary="The trend by month as CSV")
    async def trend_csv(self, request: Request, agency: Agency = None, field: FieldCode = None,
                        period: PeriodText = None, start: From = None,
                        end: To = None) -> Response[str]:
        """The figures of getIndicatorTrend as a CSV file (one row per month)."""
        locale = negotiate(request.headers.get("accept-language"))
        data = await report.trend(agency, field, report.period_of(period, start, end), locale)
        keys = [s["key"] for s in data["series"]]
        rows = [[m["month"], m["submitted"], m["finished"], *(m[k] for k in keys)]
                for m in data["months"]]
        return _csv(request, ["month", "submitted", "finished", *keys], rows, locale, "trend",
                    data)

    @documented(problems=PROBLEMS, etag=True)
    @get("/agencies", operation_id="compareAgencies",
         summary="The main indicators of each agency side by side")
    async def agencies(self, request: Request, field: FieldCode = None,
                       period: PeriodText = None, start: From = None,
                       end: To = None) -> Response[Agencies]:
        """The main rates of every agency side by side (optionally within one `field`); agencies
        with fewer than 5 dossiers are merged into one row."""
        locale = negotiate(request.headers.get("accept-language"))
        data = await report.agencies(field, report.period_of(period, start, end), locale)
        return _json(request, data, locale)

    @documented(problems=PROBLEMS, etag=True, responses=CSV_ANSWER)
    @get("/agencies.csv", operation_id="compareAgenciesCsv", media_type=CSV_TYPE,
         summary="The comparison between agencies as CSV")
    async def agencies_csv(self, request: Request, field: FieldCode = None,
                           period: PeriodText = None, start: From = None,
                           end: To = None) -> Response[str]:
        """The figures of compareAgencies as a CSV file (one row per agency)."""
        locale = negotiate(request.headers.get("accept-language"))
        data = await report.agencies(field, report.period_of(period, start, end), locale)
        keys = [s["key"] for s in data["series"]]
        rows = [[a["agency"] or "", a["name"], a["submitted"], a["finished"],
                 *(a[k] for k in keys)] for a in data["agencies"]]
        return _csv(request, ["agency", "name", "submitted", "finished", *keys], rows, locale,
                    "agencies", data)


ROUTES = [StatsController]
