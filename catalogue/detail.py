"""One service as the app shows it: steps, time, documents, form, and the fee that applies
online today. A handful of queries (service with agency and field, documents, fee schedule)."""

from __future__ import annotations

from typing import Any

from catalogue.fees import compared, load_schedule
from catalogue.queries import find_service, texts
from core import clock
from models.catalogue import RequiredDocument


async def service_detail(code: str, locale: str = "vi") -> dict[str, Any]:
    row = await find_service(code)
    documents = await (
        RequiredDocument.select()
        .where(RequiredDocument.service == row["id"])
        .order_by(RequiredDocument.position, RequiredDocument.id)
        .output(load_json=True)
    )
    schedule = await load_schedule(row["id"])
    return _detail(row, documents, schedule, locale)


def _detail(row: dict, documents: list[dict], schedule: list[dict], locale: str) -> dict[str, Any]:
    agency, field = row["agency"], row["field"]
    partial = row["level"] == "partial"
    return {
        "code": row["code"],
        "procedure_code": row["procedure_code"],
        "procedure_code_verified": row["procedure_code_verified"],
        "procedure_code_note": row["procedure_code_note"] or None,
        "name": texts(row, "name", locale),
        "name_vi": row["name_vi"],
        "name_en": row["name_en"],
        "description": texts(row, "description", locale),
        "level": row["level"],
        "partial_reason": texts(row, "partial_reason", locale) if partial else None,
        "partial_reason_vi": row["partial_reason_vi"] if partial else None,
        "partial_reason_en": row["partial_reason_en"] if partial else None,
        "online_steps": {
            "submission": row["online_submission"],
            "fee_payment": row["online_payment"],
            "result": {"electronic": row["result_electronic"], "postal": row["result_postal"],
                       "in_person": row["result_in_person"]},
        },
        "postal_eligible": row["postal_eligible"],
        "processing_time": {
            "days": row["processing_days"],
            "day_kind": row["processing_day_kind"],
            "online_days": row["online_processing_days"],
            "afternoon_cutoff": row["afternoon_cutoff"],
        },
        "agency": {"unit_code": agency["unit_code"], "name": texts(agency, "name", locale),
                   "province_code": agency["province_code"]},
        "field": {"code": field["code"], "name": texts(field, "name", locale)},
        "required_documents": [_document(doc, locale) for doc in documents],
        "form_schema": row["form_schema"],
        "fees": {
            "online_today": compared(schedule, "online", clock.today()),
            "lines": [_fee_line(line, locale) for line in schedule],
            "applicant_categories": [
                {"code": c["code"], "name": texts(c, "name", locale),
                 "proof_slot": c["proof_slot"]} for c in row["applicant_categories"] or []],
        },
        "updated_at": row["updated_at"],
    }


def _document(doc: dict, locale: str) -> dict[str, Any]:
    return {
        "slot": doc["slot"],
        "name": texts(doc, "name", locale),
        "mandatory": doc["mandatory"],
        "accepted_types": doc["accepted_types"],
        "max_bytes": doc["max_bytes"],
        "original_at_counter": doc["original_at_counter"],
    }


def _fee_line(line: dict, locale: str) -> dict[str, Any]:
    return {
        "code": line["code"],
        "name": texts(line, "name", locale),
        "kind": line["kind"],
        "base_amount": line["base_amount"],
        "applicant_category": line["applicant_category"] or None,
        "quantity_field": line["quantity_field"] or None,
        "quantity_unit": line["quantity_unit"] or "copy",
        "multiplier_field": line["multiplier_field"] or None,
        "tiers": line["tiers"] or [],
        "cap_amount": line["cap_amount"],
        "legal_basis": line["legal_basis_en" if locale == "en" else "legal_basis_vi"],
        "exempt_categories": line["exempt_categories"],
        "adjustments": [
            {"code": o["code"], "channel": o["channel"] or None, "kind": o["kind"],
             "amount": o["amount"], "percent": o["percent"], "categories": o["categories"] or [],
             "min_assurance_level": o["min_assurance_level"], "valid_from": o["valid_from"],
             "valid_until": o["valid_until"],
             "legal_basis": o["legal_basis_en" if locale == "en" else "legal_basis"]}
            for o in line["overrides"]
        ],
    }
