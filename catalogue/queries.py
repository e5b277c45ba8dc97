"""Reading the catalogue: search and list a page of services, find one service, agencies and
fields. A page is one query: agency and field names come through the join, never per row."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from catalogue.search import query_words
from core.i18n import pick
from core.problems import NotFound
from models.catalogue import Agency, Field, Service

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


def texts(row: dict, prefix: str, locale: str) -> str:
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
        "name": texts(row, "name", locale),
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
                   "name": texts(row, "agency_name", locale)},
        "field": {"code": row["field_code"], "name": texts(row, "field_name", locale)},
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


async def list_agencies(locale: str = "vi") -> list[dict[str, Any]]:
    rows = await Agency.select().order_by(Agency.unit_code)
    return [{"unit_code": r["unit_code"], "name": texts(r, "name", locale),
             "province_code": r["province_code"]} for r in rows]


async def list_fields(locale: str = "vi") -> list[dict[str, Any]]:
    rows = await Field.select().order_by(Field.code)
    return [{"code": r["code"], "name": texts(r, "name", locale)} for r in rows]
