"""Signing in from tests without the national SSO: a real Person, a real session and real tokens
made by the auth domain's own functions.

    headers = await sign_in(client)                                   # a citizen
    headers = await sign_in(client, role="officer", agency_unit_code="000.00.01.H22")

The agency is created (with placeholder names) if the test has not created it already.
`sign_in_tokens` gives the whole IssuedTokens (access, refresh, session and person ids; pass
`person_id=` for a second device of one person); `client_with(settings)` runs another app on the
test's database for settings the `client` fixture does not have."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from auth.sessions import IssuedTokens, start_session
from models.auth import Person
from models.catalogue import Agency


def random_id_number() -> str:
    # Province 001–096, century digit 0/1 (born in the 1900s), so it is always well-formed.
    return (f"{random.randint(1, 96):03d}{random.randint(0, 1)}{random.randint(0, 99):02d}"
            f"{random.randint(0, 999_999):06d}")


def app_settings(client: httpx.AsyncClient):
    """The Settings of the app behind the conftest `client` (httpx over ASGITransport)."""
    return client._transport.app.state.settings  # type: ignore[attr-defined]


async def agency_id(unit_code: str) -> int:
    row = await Agency.select(Agency.id).where(Agency.unit_code == unit_code).first()
    if row:
        return row["id"]
    created = await Agency.insert(
        Agency(unit_code=unit_code, name_vi=f"Cơ quan {unit_code}", name_en=f"Agency {unit_code}",
               province_code="01")
    ).returning(Agency.id)
    return created[0]["id"]


async def create_person(*, role: str = "citizen", agency_unit_code: str | None = None,
                        full_name: str = "Nguyễn Văn An", phone: str = "0912345678",
                        id_number: str | None = None) -> uuid.UUID:
    person_id = uuid.uuid4()
    agency = await agency_id(agency_unit_code) if agency_unit_code else None
    await Person.insert(
        Person(id=person_id, id_number=id_number or random_id_number(), full_name=full_name,
               phone=phone, role=role, agency=agency)
    )
    return person_id


async def sign_in_tokens(client: httpx.AsyncClient, *, role: str = "citizen",
                         agency_unit_code: str | None = None,
                         person_id: uuid.UUID | None = None, assurance_level: int | None = None,
                         **person: str) -> IssuedTokens:
    if person_id is None:
        person_id = await create_person(role=role, agency_unit_code=agency_unit_code, **person)
    return await start_session(app_settings(client), person_id, client="tests", method="test",
                               assurance_level=assurance_level)


async def sign_in(client: httpx.AsyncClient, *, role: str = "citizen",
                  agency_unit_code: str | None = None, assurance_level: int | None = None,
                  **person: str) -> dict[str, str]:
    """Authorization headers of a freshly signed-in person (`assurance_level`: what the SSO
    said of their VNeID account)."""
    tokens = await sign_in_tokens(client, role=role, agency_unit_code=agency_unit_code,
                                  assurance_level=assurance_level, **person)
    return {"Authorization": f"Bearer {tokens.access_token}"}


@asynccontextmanager
async def client_with(settings) -> AsyncIterator[httpx.AsyncClient]:
    """Another app on the test's database, for settings the `client` fixture does not have:
    `async with client_with(dataclasses.replace(settings, ...)) as other: ...`"""
    from asgi_lifespan import LifespanManager
    from contract_support import CheckedTransport

    from app.factory import create_app
    from core.db import current_engine

    app = create_app(settings, engine=current_engine())
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
        transport = CheckedTransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
