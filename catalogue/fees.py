"""Quoting the fee that applies to a dossier of a service: the schedule (fee lines with their
adjustments, catalogue/fee_rules.py prices them), the form (copies, pages), the applicant
(category, identity assurance level), the channel and the moment, in Vietnam time.

A quote shows each line with its legal basis and the reason for its amount, and the counter
price beside the online one so the saving of filing online is visible. The dossier snapshots
the quote at submission, so these functions return plain data only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from catalogue.fee_rules import (
    CHANNELS,
    Applicant,
    local_day,
    pick_lines,
    price_line,
    reasons,
)
from catalogue.memory import kept
from core import clock
from core.db.compiled import Compiled
from core.problems import NotFound, Problem, ValidationFailed
from models.catalogue import FeeLine, FeeOverride, Service

Channel = Literal["online", "counter", "post"]


def _invalid(pointer: str, message: str) -> Problem:
    return ValidationFailed(extra={"errors": [{"pointer": pointer, "detail": message}]})


def validate(channel: str, copies: int = 1) -> None:
    if channel not in CHANNELS:
        raise _invalid("/channel", f"channel must be one of {', '.join(CHANNELS)}")
    if copies < 1:
        raise _invalid("/copies", "copies must be at least 1")


def quote(schedule: list[dict], channel: str, at: datetime | date,
          applicant: Applicant | None = None, form: dict[str, Any] | None = None
          ) -> dict[str, Any]:
    """Price a loaded schedule (see `load_schedule`) for one channel; pure."""
    applicant = applicant or Applicant()
    day = local_day(at)
    lines = []
    for line in pick_lines(schedule, applicant.category):
        priced = price_line(line, form or {}, channel, applicant, day)
        priced["reason_vi"], priced["reason_en"] = reasons(priced)
        lines.append(priced)
    return {
        "channel": channel,
        "on_date": day.isoformat(),
        "applicant_category": applicant.category,
        "assurance_level": applicant.assurance_level,
        "currency": "VND",
        "lines": lines,
        "total": sum(line["amount"] for line in lines),
    }


def compared(schedule: list[dict], channel: str, at: datetime | date,
             applicant: Applicant | None = None, form: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    """The quote for `channel`, each line with the counter amount beside it, and the totals
    online and at the counter: what filing online saves (0 where the price is the same)."""
    chosen = quote(schedule, channel, at, applicant, form)
    online = chosen if channel == "online" else quote(schedule, "online", at, applicant, form)
    counter = quote(schedule, "counter", at, applicant, form)
    at_counter = {line["code"]: line["amount"] for line in counter["lines"]}
    for line in chosen["lines"]:
        line["counter_amount"] = at_counter.get(line["code"], line["amount"])
    chosen["comparison"] = {
        "online_total": online["total"], "counter_total": counter["total"],
        "online_saving": max(0, counter["total"] - online["total"]),
    }
    return chosen


def form_for_catalogue(schedule: list[dict], copies: int, pages: int) -> dict[str, Any]:
    """The catalogue's quote has no form: `copies` and `pages` stand for the fields each line
    counts (a page-counted line's multiplier is the copies)."""
    form: dict[str, Any] = {}
    for line in schedule:
        if line.get("quantity_field"):
            unit = line.get("quantity_unit") or "copy"
            form[line["quantity_field"]] = pages if unit == "page" else copies
        if line.get("multiplier_field"):
            form[line["multiplier_field"]] = copies
    return form


async def quote_fees(service_id: int, channel: str = "online", on_date: date | None = None,
                     category: str = "", copies: int = 1, pages: int = 1,
                     assurance_level: int | None = None) -> dict[str, Any]:
    """The catalogue's fee quote for one dossier of `service_id`, with the comparison."""
    validate(channel, copies)
    if pages < 1:
        raise _invalid("/pages", "pages must be at least 1")
    if not await Service.exists().where(Service.id == service_id):
        raise NotFound(detail={"vi": "Không có dịch vụ này", "en": "No such service"})
    schedule = await load_schedule(service_id)
    form = form_for_catalogue(schedule, copies, pages)
    return compared(schedule, channel, on_date or clock.today(),
                    Applicant(category, assurance_level), form)


# Quoted at every submission: compiled once (core/db/compiled.py).
_LINES = Compiled(lambda service_id: FeeLine.select().where(FeeLine.service == service_id)
                  .order_by(FeeLine.position).order_by(FeeLine.id).output(load_json=True))
_OVERRIDES = Compiled(lambda service_id: FeeOverride.select(*FeeOverride.all_columns()).where(
    FeeOverride.fee_line.service == service_id).output(load_json=True))


async def load_schedule(service_id: int) -> list[dict]:
    """Every fee line of a service, each with its adjustments under "overrides".
    Read-only: kept in memory per process (catalogue/memory.py)."""
    return await kept("fees", service_id, lambda: _read_schedule(service_id))


async def _read_schedule(service_id: int) -> list[dict]:
    lines = await _LINES.rows(service_id=service_id)
    rows = await _OVERRIDES.rows(service_id=service_id) if lines else []
    for line in lines:
        line["overrides"] = sorted((row for row in rows if row["fee_line"] == line["id"]),
                                   key=lambda row: row["id"])
    return lines
