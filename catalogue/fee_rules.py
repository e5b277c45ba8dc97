"""Pricing a fee schedule: pure functions over the rows of fee_line and fee_override
(models/catalogue.py), so the rules are data and this is the one place that reads them.

A line's gross amount comes from the form: `base_amount`, plus each counted unit (copies,
pages) at the amount of its tier, capped per multiple, times the multiplier (copies of a
multi-page document). Then the adjustments whose conditions hold — channel, applicant
category, identity assurance level, and a validity window of local dates — are tried, and the
one that leaves the citizen the least to pay applies (reductions are not stacked: each legal
text grants its own reduction, and the citizen gets the most favourable). An exemption (the
line's `exempt_categories`) makes the line free. Amounts are whole đồng; a percentage rounds
the reduction down, so nobody is charged a fraction of a đồng less than the rule says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.clock import LOCAL

CHANNELS: tuple[str, ...] = ("online", "counter", "post")
MAX_QUANTITY = 1000


@dataclass(frozen=True)
class Applicant:
    category: str = ""  # declared with proof, or corrected by an officer
    assurance_level: int | None = None  # from the SSO's ID token at sign-in (VNeID level)


def local_day(at: datetime | date) -> date:
    """The day in Vietnam a moment falls on: windows open and close at local midnight."""
    if isinstance(at, datetime):
        return at.astimezone(LOCAL).date()
    return at


def quantity(form: dict[str, Any], field: str) -> int:
    """A count from the form (1 when the line counts no field, or the field is not filled)."""
    if not field:
        return 1
    value = form.get(field)
    if isinstance(value, bool) or value is None:
        return 1
    try:
        count = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(count, 1), MAX_QUANTITY)


def _tiers(line: dict[str, Any]) -> list[dict[str, int]]:
    tiers = line.get("tiers") or []
    if not tiers and line.get("per_copy_from"):  # the older per-copy columns, as one tier
        tiers = [{"from": line["per_copy_from"], "amount": line.get("per_copy_amount") or 0}]
    return sorted(tiers, key=lambda tier: tier["from"])


def per_multiple(line: dict[str, Any], units: int, base: int) -> int:
    """`base` plus each unit at its tier's amount, at most the line's cap."""
    tiers = _tiers(line)
    amount = base
    for i, tier in enumerate(tiers):
        last = tiers[i + 1]["from"] - 1 if i + 1 < len(tiers) else units
        counted = max(0, min(units, last) - tier["from"] + 1)
        amount += counted * tier["amount"]
    cap = line.get("cap_amount")
    return min(amount, cap) if cap is not None else amount


def applies(adjustment: dict[str, Any], channel: str, applicant: Applicant, day: date) -> bool:
    if adjustment.get("channel") and adjustment["channel"] != channel:
        return False
    categories = adjustment.get("categories") or []
    if categories and applicant.category not in categories:
        return False
    level = adjustment.get("min_assurance_level")
    if level is not None and (applicant.assurance_level or 0) < level:
        return False
    start, end = adjustment.get("valid_from"), adjustment.get("valid_until")
    return (start is None or start <= day) and (end is None or day <= end)


def _adjusted(line: dict[str, Any], adjustment: dict[str, Any], units: int, multiples: int,
              gross: int) -> int:
    kind = adjustment.get("kind") or "unit_amount"
    if kind == "waive":
        return 0
    if kind == "percent_off":
        return gross - gross * int(adjustment.get("percent") or 0) // 100
    return per_multiple(line, units, int(adjustment["amount"])) * multiples


def price_line(line: dict[str, Any], form: dict[str, Any], channel: str, applicant: Applicant,
               day: date) -> dict[str, Any]:
    units = quantity(form, line.get("quantity_field") or "")
    multiples = quantity(form, line.get("multiplier_field") or "")
    gross = per_multiple(line, units, int(line["base_amount"])) * multiples
    exempt = bool(applicant.category) and applicant.category in (line["exempt_categories"] or [])
    applied, amount = None, 0 if exempt else gross
    for adjustment in [] if exempt else line.get("overrides") or []:
        if applies(adjustment, channel, applicant, day):
            candidate = _adjusted(line, adjustment, units, multiples, gross)
            if candidate < amount:
                applied, amount = adjustment, candidate
    return {
        "code": line["code"], "name_vi": line["name_vi"], "name_en": line["name_en"],
        "kind": line["kind"],
        "legal_basis_vi": line.get("legal_basis_vi") or "",
        "legal_basis_en": line.get("legal_basis_en") or "",
        "unit": line.get("quantity_unit") or "copy",
        "counted": bool(line.get("quantity_field")),  # priced by a count from the form
        "units": units, "multiples": multiples,
        "base_amount": int(line["base_amount"]), "gross": gross,
        "exempt": exempt,
        "adjustment": _shown(applied, gross - amount) if applied else None,
        "amount": amount,
    }


def _shown(adjustment: dict[str, Any], reduction: int) -> dict[str, Any]:
    return {"code": adjustment.get("code") or "", "kind": adjustment.get("kind") or "unit_amount",
            "percent": adjustment.get("percent") or None,
            "legal_basis_vi": adjustment.get("legal_basis") or "",
            "legal_basis_en": adjustment.get("legal_basis_en") or "",
            "valid_until": adjustment["valid_until"].isoformat()
            if adjustment.get("valid_until") else None,
            "reduction": reduction}


def pick_lines(schedule: list[dict[str, Any]], category: str) -> list[dict[str, Any]]:
    """Per line code, the line written for the applicant's category, else the default one."""
    chosen: dict[str, dict] = {}
    for line in schedule:
        if line["applicant_category"] == "" and line["code"] not in chosen:
            chosen[line["code"]] = line
    for line in schedule:
        if category and line["applicant_category"] == category:
            chosen[line["code"]] = line
    return sorted(chosen.values(), key=lambda line: (line["position"], line["id"]))


UNIT_NAMES = {"copy": ("bản", "copy", "copies"), "page": ("trang", "page", "pages")}


def vnd(amount: int, locale: str) -> str:
    grouped = f"{amount:,}"
    return f"{grouped.replace(',', '.')} ₫" if locale == "vi" else f"{grouped} VND"


def reasons(priced: dict[str, Any]) -> tuple[str, str]:
    """Why the line costs what it costs, in Vietnamese and English, for the citizen."""
    vi_unit, en_one, en_many = UNIT_NAMES.get(priced["unit"], UNIT_NAMES["copy"])
    units, multiples = priced["units"], priced["multiples"]
    vi, en = [vnd(priced["gross"], "vi")], [vnd(priced["gross"], "en")]
    if priced["counted"]:
        vi[0] += f" cho {units} {vi_unit}"
        en[0] += f" for {units} {en_one if units == 1 else en_many}"
    if multiples > 1:
        vi[0] += f" × {multiples} bản"
        en[0] += f" × {multiples} copies"
    if priced["legal_basis_vi"]:
        vi.append(f"theo {priced['legal_basis_vi']}")
        en.append(f"under {priced['legal_basis_en'] or priced['legal_basis_vi']}")
    if priced["exempt"]:
        vi.append("miễn cho đối tượng của người nộp")
        en.append("waived for the applicant's category")
    adjustment = priced["adjustment"]
    if adjustment:
        vi.append(f"giảm {vnd(adjustment['reduction'], 'vi')} theo {adjustment['legal_basis_vi']}")
        en.append(f"{vnd(adjustment['reduction'], 'en')} off under "
                  f"{adjustment['legal_basis_en'] or adjustment['legal_basis_vi']}")
    vi.append(f"phải nộp {vnd(priced['amount'], 'vi')}")
    en.append(f"due {vnd(priced['amount'], 'en')}")
    return "; ".join(vi), "; ".join(en)
