"""Sign-in through the national SSO: the verified identity becomes a Person and a session.

Officer roles may come from the identity provider. With SSO_OFFICER_CLAIM set, that claim is
authoritative at every sign-in. Its value is `<role>:<agency unit code>`, e.g.
`officer:000.00.01.H22` or `admin:000.00.01.H22`, or a bare unit code meaning `officer` there;
a person signing in without it (or with a value naming no known agency) is a citizen. Without
SSO_OFFICER_CLAIM, roles are granted only with `motcua grant-officer` and sign-in leaves them
alone — except at the first sign-in through the development identity provider, whose demo
officers carry the claim (after that, a role granted with `motcua grant-officer` stays)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from piccolo.columns import Column

from auth import sso
from auth.identity_profile import remember
from auth.sessions import IssuedTokens, start_session
from auth.sso.discovery import dev_issuer
from auth.sso.lifecycle import dev_sign_in_enabled
from auth.sso.replay import use_once
from core.changes import announce
from core.db import transaction
from core.settings import Settings
from models.auth import Person
from models.catalogue import Agency

log = logging.getLogger("motcua.auth")

OFFICER_ROLES = ("officer", "admin", "accountant")  # agency staff roles a claim may give


def parse_officer_claim(value: object) -> tuple[str, str] | None:
    """`officer:000.00.01.H22` → ("officer", "000.00.01.H22"); `000.00.01.H22` likewise; anything
    else → None. A list-valued claim counts by its first well-formed entry."""
    values = value if isinstance(value, (list, tuple)) else [value]
    for item in values:
        if isinstance(item, str) and item.strip():
            role, sep, unit_code = item.strip().rpartition(":")
            role = role if sep else "officer"
            if role in OFFICER_ROLES and unit_code:
                return role, unit_code
    return None


def _claim_applies(settings: Settings, identity: sso.SsoIdentity, new_person: bool) -> bool:
    if settings.sso_officer_claim:
        return True  # the national SSO's claim is authoritative at every sign-in
    # The development provider's demo roles are where a demo person starts; a role granted
    # since (`motcua grant-officer`) must survive the next development sign-in.
    return (new_person and dev_sign_in_enabled(settings)
            and identity.issuer == dev_issuer(settings))


async def _officer_role(identity: sso.SsoIdentity) -> dict:
    parsed = parse_officer_claim(identity.officer_claim)
    agency = None
    if parsed:
        agency = await Agency.select(Agency.id).where(Agency.unit_code == parsed[1]).first()
        if agency is None:
            log.warning("officer claim names an unknown agency; signing in as a citizen")
    if parsed and agency:
        return {Person.role: parsed[0], Person.agency: agency["id"]}
    return {Person.role: "citizen", Person.agency: None}


async def person_for_identity(settings: Settings, identity: sso.SsoIdentity) -> uuid.UUID:
    """Find or create the Person with this ID number, refreshing what the identity provider says
    about them (empty values do not erase what we know)."""
    changes: dict[Column | str, Any] = {
        column: value
        for column, value in (
            (Person.full_name, identity.full_name),
            (Person.phone, identity.phone),
            (Person.email, identity.email),
        )
        if value
    }
    async with transaction():
        # ON CONFLICT: two first sign-ins of one person at once must not both insert.
        created = await Person.insert(
            Person(id=uuid.uuid4(), id_number=identity.id_number)
        ).on_conflict(target=Person.id_number, action="DO NOTHING").returning(Person.id)
        if _claim_applies(settings, identity, new_person=bool(created)):
            changes.update(await _officer_role(identity))
        if changes:
            await Person.update(changes).where(Person.id_number == identity.id_number)
        row = await Person.select(Person.id).where(Person.id_number == identity.id_number).first()
        assert row is not None  # inserted above, or there already
        if changes:
            await announce("person", row["id"])  # the SSO may have changed their role
    return row["id"]


async def sign_in_with_code(settings: Settings, *, code: str, code_verifier: str, redirect_uri: str,
                            nonce: str | None, client: str) -> IssuedTokens:
    identity = await sso.authenticate_with_code(code, code_verifier, redirect_uri, nonce, settings)
    return await _sign_in(settings, identity, client)


async def sign_in_with_id_token(settings: Settings, *, id_token: str, nonce: str,
                                client: str) -> IssuedTokens:
    identity = await sso.authenticate_with_id_token(id_token, nonce, settings)
    await use_once(id_token)  # a second sign-in with the same token is refused
    return await _sign_in(settings, identity, client)


async def _sign_in(settings: Settings, identity: sso.SsoIdentity, client: str) -> IssuedTokens:
    person_id = await person_for_identity(settings, identity)
    if identity.profile:
        await remember(person_id, identity.profile, identity.issuer)
    log.info("sign-in person=%s", person_id)
    return await start_session(settings, person_id, client=client, method="sso",
                               assurance_level=identity.assurance_level)
