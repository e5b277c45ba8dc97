"""Demo data for a newcomer's first start: agencies, fields, services (catalogue/demo_services.json)
and demo people (catalogue/demo_people.json) with fixed ids, so the development sign-in can
offer them. Idempotent: everything is upserted by its code.

The data carries a version (`"version"` in demo_services.json, kept on each service as
`data_version`): a development database seeded from older data — fee rules that expired, codes
since corrected — is brought up to date on the next start, and only then."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import Any

from catalogue.store import save_agency, save_field, save_service, upsert
from core.db import transaction
from models.auth import Person
from models.catalogue import Service
from workdays.seed import seed_default_calendar

log = logging.getLogger("motcua.catalogue.seed")

DATA_DIR = Path(__file__).parent


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def demo_people() -> list[dict[str, Any]]:
    """The demo identities (citizens, one officer per demo agency, an admin)."""
    return _load("demo_people.json")["people"]


async def seed_demo() -> dict[str, int]:
    """Upsert the demo catalogue and people; returns how many of each the data holds."""
    data = _load("demo_services.json")
    async with transaction():
        agencies = {a["unit_code"]: await save_agency(a) for a in data["agencies"]}
        fields = {f["code"]: await save_field(f) for f in data["fields"]}
        for service in data["services"]:
            await save_service({**service, "data_version": data["version"]},
                               agencies[service["agency"]], fields[service["field"]])
        people = demo_people()
        for person in people:
            await _save_person(person, agencies)
    await seed_default_calendar()  # the working-day calendar's rows the demo relies on
    counts = {"agencies": len(agencies), "fields": len(fields),
              "services": len(data["services"]), "people": len(people)}
    log.info("demo data seeded: %s", counts)
    return counts


async def seed_demo_when_needed() -> dict[str, int] | None:
    """Seed a catalogue without services, or whose demo services were written from another
    version of the data; otherwise touch nothing, so a restart keeps edited data."""
    if await Service.count() > 0 and not await _demo_outdated():
        return None
    return await seed_demo()


async def _demo_outdated() -> bool:
    data = _load("demo_services.json")
    codes = [service["code"] for service in data["services"]]
    return await Service.exists().where(
        Service.code.is_in(codes) & (Service.data_version != data["version"]))


async def _save_person(person: dict[str, Any], agencies: dict[str, int]) -> None:
    values = {
        "id_number": person["id_number"],
        "full_name": person["full_name"],
        "phone": person["phone"],
        "email": person["email"],
        "role": person["role"],
        "agency": agencies[person["agency"]] if person["agency"] else None,
    }
    # Matched on the ID number: someone who signed in before the seed keeps their own id.
    await upsert(Person, {"id_number": values.pop("id_number")}, values,
                 on_insert={"id": uuid.UUID(person["id"])})
