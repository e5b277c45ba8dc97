"""Reading the catalogue: search and list a page of services, one service's detail, agencies
and fields. A page is one query (agency and field names come through the join); the detail is
a handful of queries, never one per row."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from catalogue.fees import load_schedule, quote, today_local
from catalogue.search import query_words
from core.i18n import pick
from core.problems import NotFound
from models.catalogue import Agency, Field, RequiredDocument, Service

LEVELS = ("full_process", "partial")


class BadCursor(ValueError):
    """A cursor that this service did not hand out."""


def encode_cursor(name: str, service_id: int) -> str:
    raw = json.dumps([name, service_id], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, service_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise BadCursor(cursor) from exc
    if not isinstance(name, str) or not isinstance(service_id, int) or isinstance(service_id, bool):
        raise BadCursor(cursor)
    return name, service_id


def _texts(row: dict, prefix: str, locale: str) -> str:
    return pick({"vi": row[f"{prefix}_vi"], "en": row[f"{prefix}_en"]}, locale)


_LIST_COLUMNS = (
    Service.id, Service.code, Service.procedure_code, Service.name_vi, Service.name_en,
    Service.level, Service.online_payment, Service.result_electronic, Service.postal_eligible,
    Service.processing_days, Service.processing_day_kind, Service.online_processing_days,
    Service.agency.unit_code.as_alias("agency_unit_code"),
    Service.agency.name_vi.as_alias("agency_name_vi"),
    Service.agency.name_en.as_alias("agency_name_en"),
    Service.field.code.as_alias("field_code"),
    Service.field.name_vi.as_alias("field_name_vi"),
    Service.field.name_en.as_alias("field_name_en"),
)


async def list_services(*, q: str | None = None, level: str | None = None,
                        agency: str | None = None, field: str | None = None,
                        cursor: str | None = None, limit: int = 20,
                        locale: str = "vi") -> dict[str, Any]:
    """One page of active services ordered by (Vietnamese name, id); raises BadCursor."""
    query = Service.select(*_LIST_COLUMNS).where(Service.active == True)  # noqa: E712
    if level:
        query = query.where(Service.level == level)
    if agency:
        query = query.where(Service.agency.unit_code == agency)
    if field:
        query = query.where(Service.field.code == field)
    for word in query_words(q):
        query = query.where(Service.search_text.like(f"%{word}%"))
    if cursor:
        name, after_id = decode_cursor(cursor)
        query = query.where(
            (Service.name_vi > name) | ((Service.name_vi == name) & (Service.id > after_id))
        )
    rows = await query.order_by(Service.name_vi, Service.id).limit(limit + 1)
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1]["name_vi"], page[-1]["id"]) if len(rows) > limit else None
    return {"items": [_summary(row, locale) for row in page], "next_cursor": next_cursor}


def _summary(row: dict, locale: str) -> dict[str, Any]:
    return {
        "code": row["code"],
        "procedure_code": row["procedure_code"],
        "name": _texts(row, "name", locale),
        "name_vi": row["name_vi"],
        "name_en": row["name_en"],
        "level": row["level"],
        "online_payment": row["online_payment"],
        "result_electronic": row["result_electronic"],
        "postal_eligible": row["postal_eligible"],
        "processing_days": row["processing_days"],
        "processing_day_kind": row["processing_day_kind"],
        "online_processing_days": row["online_processing_days"],
        "agency": {"unit_code": row["agency_unit_code"],
                   "name": _texts(row, "agency_name", locale)},
        "field": {"code": row["field_code"], "name": _texts(row, "field_name", locale)},
    }


async def find_service(code: str) -> dict[str, Any]:
    """The active service with this code, with its agency and field; raises NotFound."""
    row = await (
        Service.select(*Service.all_columns(), *Service.agency.all_columns(),
                       *Service.field.all_columns())
        .where((Service.code == code) & (Service.active == True))  # noqa: E712
        .first()
        .output(load_json=True, nested=True)
    )
    if row is None:
        raise NotFound(detail={"vi": "Không có dịch vụ công này", "en": "No such public service"})
    return row


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
        "name": _texts(row, "name", locale),
        "name_vi": row["name_vi"],
        "name_en": row["name_en"],
        "description": _texts(row, "description", locale),
        "level": row["level"],
        "partial_reason": _texts(row, "partial_reason", locale) if partial else None,
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
        "agency": {"unit_code": agency["unit_code"], "name": _texts(agency, "name", locale),
                   "province_code": agency["province_code"]},
        "field": {"code": field["code"], "name": _texts(field, "name", locale)},
        "required_documents": [_document(doc, locale) for doc in documents],
        "form_schema": row["form_schema"],
        "fees": {
            "online_today": quote(schedule, "online", today_local()),
            "lines": [_fee_line(line, locale) for line in schedule],
        },
        "updated_at": row["updated_at"],
    }


def _document(doc: dict, locale: str) -> dict[str, Any]:
    return {
        "slot": doc["slot"],
        "name": _texts(doc, "name", locale),
        "mandatory": doc["mandatory"],
        "accepted_types": doc["accepted_types"],
        "max_bytes": doc["max_bytes"],
        "original_at_counter": doc["original_at_counter"],
    }


def _fee_line(line: dict, locale: str) -> dict[str, Any]:
    return {
        "code": line["code"],
        "name": _texts(line, "name", locale),
        "kind": line["kind"],
        "base_amount": line["base_amount"],
        "applicant_category": line["applicant_category"] or None,
        "per_copy_from": line["per_copy_from"],
        "per_copy_amount": line["per_copy_amount"],
        "exempt_categories": line["exempt_categories"],
        "overrides": [
            {"channel": o["channel"], "amount": o["amount"], "valid_from": o["valid_from"],
             "valid_until": o["valid_until"], "legal_basis": o["legal_basis"]}
            for o in line["overrides"]
        ],
    }


async def list_agencies(locale: str = "vi") -> list[dict[str, Any]]:
    rows = await Agency.select().order_by(Agency.unit_code)
    return [{"unit_code": r["unit_code"], "name": _texts(r, "name", locale),
             "province_code": r["province_code"]} for r in rows]


async def list_fields(locale: str = "vi") -> list[dict[str, Any]]:
    rows = await Field.select().order_by(Field.code)
    return [{"code": r["code"], "name": _texts(r, "name", locale)} for r in rows]
