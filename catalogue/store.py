"""Writing the catalogue. Every write of a service goes through `save_service`, which keeps its
`search_text` in step with its names and codes (the list endpoint searches only that column).
Every write is announced (core/changes.py): API processes forget the catalogue rows they keep
(catalogue/memory.py).

Writes are upserts keyed by natural codes that leave unchanged rows untouched, so loading the
same data twice changes nothing (no new ids, no new `updated_at`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.columns import Column
from piccolo.table import Table

from catalogue.search import service_search_text
from core import clock
from core.changes import announce
from models.catalogue import Agency, FeeLine, FeeOverride, Field, RequiredDocument, Service

_SERVICE_COLUMNS = (
    "procedure_code", "name_vi", "name_en", "description_vi", "description_en", "level",
    "partial_reason_vi", "partial_reason_en", "online_submission", "online_payment",
    "result_electronic", "result_postal", "result_in_person", "postal_eligible",
    "processing_days", "processing_day_kind", "online_processing_days", "afternoon_cutoff",
    "form_schema", "procedure_code_verified", "procedure_code_note", "applicant_categories",
    "refund_rules", "data_version", "result_non_pdf",
)


async def upsert(table: type[Table], key: dict[str, Any], values: dict[str, Any],
                 on_insert: dict[str, Any] | None = None) -> tuple[Any, bool]:
    """Insert the row identified by `key` (plus `on_insert`), or update it only where `values`
    differ. Returns the primary key and whether anything was written."""
    pk = table._meta.primary_key
    where = [getattr(table, name) == value for name, value in key.items()]
    row = await table.select().where(*where).first().output(load_json=True)
    if row is None:
        inserted = await table.insert(table(**key, **values, **(on_insert or {}))).returning(pk)
        await announce("catalogue", table._meta.tablename)
        return inserted[0][pk._meta.name], True
    changed: dict[Column | str, Any] = {
        name: value for name, value in values.items() if row.get(name) != value}
    if changed:
        await table.update(changed).where(pk == row[pk._meta.name])
        await announce("catalogue", table._meta.tablename)
    return row[pk._meta.name], bool(changed)


async def save_agency(data: dict[str, Any]) -> int:
    values = {k: v for k, v in data.items() if k != "unit_code"}
    agency_id, _ = await upsert(Agency, {"unit_code": data["unit_code"]}, values)
    return agency_id


async def save_field(data: dict[str, Any]) -> int:
    values = {k: v for k, v in data.items() if k != "code"}
    field_id, _ = await upsert(Field, {"code": data["code"]}, values)
    return field_id


async def save_service(data: dict[str, Any], agency_id: int, field_id: int) -> int:
    """Upsert a service by its code, with its fee lines and required documents."""
    values = {name: data[name] for name in _SERVICE_COLUMNS if name in data}
    values.update(agency=agency_id, field=field_id, active=data.get("active", True))
    values["search_text"] = service_search_text(
        data["name_vi"], data["name_en"], data["procedure_code"], data["code"]
    )
    service_id, changed = await upsert(Service, {"code": data["code"]}, values)
    changed |= await _sync_fees(service_id, data.get("fees", []))
    changed |= await _sync_documents(service_id, data.get("documents", []))
    if changed:
        # The detail's ETag follows the body; updated_at tells people when it last changed.
        await Service.update({Service.updated_at: clock.now()}).where(
            Service.id == service_id
        )
        await announce("catalogue", "service")
    return service_id


def _as_date(value: str | date | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


async def _sync_fees(service_id: int, fees: list[dict[str, Any]]) -> bool:
    changed, kept = False, []
    for position, fee in enumerate(fees):
        key = {"service": service_id, "code": fee["code"],
               "applicant_category": fee.get("applicant_category", "")}
        values = {**_LINE_DEFAULTS,
                  **{k: v for k, v in fee.items() if k not in key and k != "overrides"}}
        line_id, line_changed = await upsert(FeeLine, key, {**values, "position": position})
        changed |= line_changed
        kept.append(line_id)
        changed |= await _sync_overrides(line_id, fee.get("overrides", []))
    changed |= await _delete_others(FeeLine, FeeLine.service == service_id, kept)
    return changed


# What a line or adjustment left out of the data is: written too, so editing the data resets it.
_LINE_DEFAULTS = {"per_copy_from": None, "per_copy_amount": 0, "exempt_categories": [],
                  "quantity_field": "", "quantity_unit": "copy", "multiplier_field": "",
                  "tiers": [], "cap_amount": None, "legal_basis_vi": "", "legal_basis_en": ""}
_ADJUSTMENT_DEFAULTS = {"channel": "", "kind": "unit_amount", "amount": 0, "percent": 0,
                        "categories": [], "min_assurance_level": None, "valid_from": None,
                        "valid_until": None, "legal_basis": "", "legal_basis_en": ""}


async def _sync_overrides(line_id: int, overrides: list[dict[str, Any]]) -> bool:
    """A line's adjustments, keyed by their code (or, without one, channel and start)."""
    changed, kept = False, []
    for override in overrides:
        values = {name: override.get(name, default)
                  for name, default in _ADJUSTMENT_DEFAULTS.items()}
        values["valid_from"] = _as_date(values["valid_from"])
        values["valid_until"] = _as_date(values["valid_until"])
        code = override.get("code") or f"{values['channel']}:{values['valid_from']}"
        key = {"fee_line": line_id, "code": code}
        override_id, override_changed = await upsert(FeeOverride, key, values)
        changed |= override_changed
        kept.append(override_id)
    deleted = await _delete_others(FeeOverride, FeeOverride.fee_line == line_id, kept)
    return changed or deleted


async def _sync_documents(service_id: int, documents: list[dict[str, Any]]) -> bool:
    changed, kept = False, []
    for position, document in enumerate(documents):
        key = {"service": service_id, "slot": document["slot"]}
        values = {k: v for k, v in document.items() if k != "slot"}
        doc_id, doc_changed = await upsert(RequiredDocument, key, {**values, "position": position})
        changed |= doc_changed
        kept.append(doc_id)
    deleted = await _delete_others(RequiredDocument, RequiredDocument.service == service_id, kept)
    return changed or deleted


async def _delete_others(table: type[Table], scope, kept: list[int]) -> bool:
    pk = table._meta.primary_key
    query = table.select(pk).where(scope)
    if kept:
        query = query.where(pk.not_in(kept))
    stale = [row[pk._meta.name] for row in await query]
    if stale:
        if table is FeeLine:
            await FeeOverride.delete().where(FeeOverride.fee_line.is_in(stale))
        await table.delete().where(pk.is_in(stale))
        await announce("catalogue", table._meta.tablename)
    return bool(stale)
