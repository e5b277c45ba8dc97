"""Seeding the demo data twice changes nothing; the demo people are valid and stable."""

from __future__ import annotations

import uuid

from auth.id_number import validate_id_number
from catalogue.seed import demo_people, seed_demo, seed_demo_when_needed
from models import all_tables
from models.auth import Person
from models.catalogue import Agency, Service


async def snapshot() -> dict[str, list]:
    tables = {}
    for table in all_tables():
        rows = await table.select().order_by(table._meta.primary_key)
        tables[table._meta.tablename] = rows
    return tables


async def test_second_seed_changes_nothing(db):
    counts = await seed_demo()
    assert counts["services"] >= 12 and counts["agencies"] >= 4
    before = await snapshot()
    await seed_demo()
    assert await snapshot() == before
    assert await seed_demo_when_needed() is None
    assert await snapshot() == before


async def test_seed_restores_an_edited_service_and_only_it(db):
    await seed_demo()
    await Service.update({Service.name_vi: "Sửa tay"}).where(Service.code == "HN.HT.001")
    others = Service.select().where(Service.code != "HN.HT.001").order_by(Service.id)
    untouched = await others
    await seed_demo()
    restored = await Service.select().where(Service.code == "HN.HT.001").first()
    assert restored["name_vi"] == "Đăng ký khai sinh"
    assert "dang ky khai sinh" in restored["search_text"]
    assert await others == untouched


async def test_seed_if_empty_seeds_an_empty_catalogue(db):
    assert await seed_demo_when_needed() is not None
    levels = {row["level"] for row in await Service.select(Service.level)}
    assert levels == {"full_process", "partial"}


async def test_a_database_seeded_from_older_data_is_brought_up_to_date(db):
    await seed_demo()
    await Service.update({Service.data_version: "2025-01-01", Service.procedure_code: "2.000908"}
                         ).where(Service.code == "HN.CT.001")
    assert await seed_demo_when_needed() is not None
    row = await Service.select().where(Service.code == "HN.CT.001").first()
    assert row["procedure_code"] == "2.000815"
    assert await seed_demo_when_needed() is None  # up to date: nothing touched


async def test_demo_people_have_fixed_ids_and_valid_id_numbers(db):
    await seed_demo()
    people = demo_people()
    roles = {p["role"] for p in people}
    assert roles == {"citizen", "officer", "admin", "accountant"}
    for person in people:
        assert validate_id_number(person["id_number"]) == person["id_number"]
        row = await Person.select().where(Person.id_number == person["id_number"]).first()
        assert row["id"] == uuid.UUID(person["id"])
        assert row["role"] == person["role"]
    officer_agencies = {p["agency"] for p in people if p["role"] == "officer"}
    assert officer_agencies == {row["unit_code"] for row in await Agency.select(Agency.unit_code)}


async def test_every_development_sign_in_identity_is_a_seeded_person(db):
    from auth.sso.dev_provider import DEMO_PEOPLE

    await seed_demo()
    for identity in DEMO_PEOPLE:
        row = await Person.select().where(Person.id_number == identity.id_number).first()
        assert row is not None, identity.key
        if identity.officer_agency:
            unit_code = identity.officer_agency
            agency = await Agency.select().where(Agency.unit_code == unit_code).first()
            assert agency is not None and row["agency"] == agency["id"]
