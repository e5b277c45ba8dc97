"""What the lifecycle needs to know about a dossier's service and agency, in one query."""

from __future__ import annotations

import json
from typing import Any, cast

from catalogue.memory import kept
from core.db.compiled import Compiled
from dossiers.rows import ServiceRow, ShownService
from models.catalogue import Service

_COLUMNS = (
    Service.id, Service.code, Service.procedure_code, Service.name_vi, Service.name_en,
    Service.level, Service.partial_reason_vi, Service.partial_reason_en, Service.active,
    Service.online_submission, Service.online_payment, Service.result_electronic,
    Service.result_postal, Service.result_in_person, Service.postal_eligible,
    Service.processing_days, Service.processing_day_kind, Service.online_processing_days,
    Service.afternoon_cutoff, Service.form_schema, Service.result_non_pdf, Service.agency,
    Service.applicant_categories, Service.refund_rules,
    Service.agency.unit_code.as_alias("agency_unit_code"),
)


def loaded(value: Any) -> Any:
    """A JSON column's value: Piccolo hands back text unless asked to load it."""
    return json.loads(value) if isinstance(value, str) else value


_BY_ID = Compiled(lambda service_id: Service.select(*_COLUMNS).where(
    Service.id == service_id).limit(1))
_BY_CODE = Compiled(lambda code: Service.select(*_COLUMNS).where(Service.code == code).limit(1))


async def service_by_id(service_id: int) -> ServiceRow:
    """Read-only: kept in memory per process (catalogue/memory.py)."""
    return await kept("service", service_id, lambda: _service_by_id(service_id))


async def _service_by_id(service_id: int) -> ServiceRow:
    row = await _BY_ID.first(service_id=service_id)
    assert row is not None  # the id comes from a dossier's foreign key
    return service_row(row)


async def service_by_code(code: str) -> ServiceRow | None:
    row = await _BY_CODE.first(code=code)
    return None if row is None else service_row(row)


def service_row(row: dict[str, Any]) -> ServiceRow:
    """A row of `_COLUMNS` with its JSON columns decoded, typed as such."""
    for name in ("form_schema", "applicant_categories", "refund_rules"):
        row[name] = loaded(row[name])
    return cast(ServiceRow, row)


def is_full_process(service: ShownService) -> bool:
    return service["level"] == "full_process"
