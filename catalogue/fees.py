"""Quoting the fee that applies to a service.

A fee line has a base amount; a channel may have an override valid for a window (Circular
63/2023/TT-BTC made some online fees cheaper until 31 Dec 2025); some applicant categories pay
a different line (students pay 100,000 for a judicial record) or nothing at all (exemptions);
some lines add a surcharge per copy from the Nth copy. Amounts are whole đồng.

The dossier snapshots the quote at submission, so `quote_fees` returns plain data only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from catalogue.memory import kept
from core.db.compiled import Compiled
from core.problems import NotFound, ValidationFailed
from models.catalogue import FeeLine, FeeOverride, Service

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Channel = Literal["online", "counter", "post"]
CHANNELS: tuple[str, ...] = ("online", "counter", "post")


def today_local() -> date:
    return datetime.now(LOCAL_TZ).date()


def _invalid(pointer: str, message: str) -> ValidationFailed:
    return ValidationFailed(extra={"errors": [{"pointer": pointer, "detail": message}]})


def _override_for(overrides: list[dict], channel: str, on_date: date) -> dict | None:
    """The override of `channel` valid on `on_date` (bounds inclusive); the latest start wins."""
    valid = [
        o
        for o in overrides
        if o["channel"] == channel
        and (o["valid_from"] is None or o["valid_from"] <= on_date)
        and (o["valid_until"] is None or on_date <= o["valid_until"])
    ]
    valid.sort(key=lambda o: o["valid_from"] or date.min)
    return valid[-1] if valid else None


def _pick_lines(lines: list[dict], category: str) -> list[dict]:
    """Per line code, the line written for the applicant's category, else the default one."""
    chosen: dict[str, dict] = {}
    for line in lines:
        if line["applicant_category"] == "" and line["code"] not in chosen:
            chosen[line["code"]] = line
    for line in lines:
        if category and line["applicant_category"] == category:
            chosen[line["code"]] = line
    return sorted(chosen.values(), key=lambda line: (line["position"], line["id"]))


def price_line(line: dict, overrides: list[dict], channel: str, on_date: date,
               category: str, copies: int) -> dict[str, Any]:
    override = _override_for(overrides, channel, on_date)
    unit = override["amount"] if override else line["base_amount"]
    extra_copies = 0
    if line["per_copy_from"]:
        extra_copies = max(0, copies - line["per_copy_from"] + 1)
    surcharge = extra_copies * line["per_copy_amount"]
    exempt = bool(category) and category in (line["exempt_categories"] or [])
    return {
        "code": line["code"],
        "name_vi": line["name_vi"],
        "name_en": line["name_en"],
        "kind": line["kind"],
        "unit_amount": unit,
        "extra_copies": extra_copies,
        "per_copy_amount": line["per_copy_amount"],
        "copy_surcharge": surcharge,
        "exempt": exempt,
        "amount": 0 if exempt else unit + surcharge,
        "override_legal_basis": override["legal_basis"] if override else None,
    }


def validate(channel: str, copies: int) -> None:
    if channel not in CHANNELS:
        raise _invalid("/channel", f"channel must be one of {', '.join(CHANNELS)}")
    if copies < 1:
        raise _invalid("/copies", "copies must be at least 1")


def quote(schedule: list[dict], channel: str, on_date: date, category: str = "",
          copies: int = 1) -> dict[str, Any]:
    """Price a loaded fee schedule (see `load_schedule`); pure, so it is easy to reason about."""
    priced = [
        price_line(line, line["overrides"], channel, on_date, category, copies)
        for line in _pick_lines(schedule, category)
    ]
    return {
        "channel": channel,
        "on_date": on_date.isoformat(),
        "applicant_category": category,
        "copies": copies,
        "currency": "VND",
        "lines": priced,
        "total": sum(line["amount"] for line in priced),
    }


async def quote_fees(service_id: int, channel: str = "online", on_date: date | None = None,
                     category: str = "", copies: int = 1) -> dict[str, Any]:
    """The fee due for one dossier of `service_id`, as lines and a total in đồng."""
    validate(channel, copies)
    if not await Service.exists().where(Service.id == service_id):
        raise NotFound(detail={"vi": "Không có dịch vụ này", "en": "No such service"})
    schedule = await load_schedule(service_id)
    return quote(schedule, channel, on_date or today_local(), category, copies)


# Quoted at every submission: compiled once (core/db/compiled.py).
_LINES = Compiled(lambda service_id: FeeLine.select().where(FeeLine.service == service_id)
                  .order_by(FeeLine.position).order_by(FeeLine.id).output(load_json=True))
_OVERRIDES = Compiled(lambda service_id: FeeOverride.select(*FeeOverride.all_columns()).where(
    FeeOverride.fee_line.service == service_id))


async def load_schedule(service_id: int) -> list[dict]:
    """Every fee line of a service, each with its channel overrides under "overrides".
    Read-only: kept in memory per process (catalogue/memory.py)."""
    return await kept("fees", service_id, lambda: _read_schedule(service_id))


async def _read_schedule(service_id: int) -> list[dict]:
    lines = await _LINES.rows(service_id=service_id)
    rows = await _OVERRIDES.rows(service_id=service_id) if lines else []
    for line in lines:
        line["overrides"] = [row for row in rows if row["fee_line"] == line["id"]]
    return lines
