"""What the signed-in identity says about a person, kept to pre-fill their forms (Decree
224/2026 Art. 15: forms filled from national data). Minimised: only the claims a form may take
(`PREFILL_CLAIMS`), sealed at rest (auth.sealing), replaced at every sign-in, never logged.

The identity provider's claims are mapped here once, whatever their source: OpenID Connect's
standard claims (`name`, `birthdate`, `gender`, `address`, `phone_number`) and the national
SSO's own (`HoVaTen`, `NgaySinh`, `GioiTinh`, `DiaChiThuongTru`)."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from auth.sealing import seal, unseal
from core import clock
from models.documents import IdentityProfile

PREFILL_CLAIMS = ("full_name", "birth_date", "sex", "id_number", "permanent_address", "phone")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _birth_date(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    found = _DMY.match(value)
    try:
        if found:  # national format dd/mm/yyyy
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day).isoformat()
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None  # "0000-05-17" or a year alone (OIDC allows both): nothing to fill


def _sex(value: Any) -> str | None:
    text = str(value or "").strip().lower()
    if text in ("male", "nam", "m", "1"):
        return "Nam"
    if text in ("female", "nữ", "nu", "f", "0", "2"):
        return "Nữ"
    return None


def _address(value: Any) -> str | None:
    if isinstance(value, dict):  # OIDC address claim (section 5.1.1)
        text = value.get("formatted") or ", ".join(
            str(value[k]) for k in ("street_address", "locality", "region") if value.get(k))
        return " ".join(str(text).split()) or None
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def profile_from_claims(claims: dict[str, Any], id_number: str,
                        full_name: str, phone: str) -> dict[str, str]:
    """The pre-fill profile of an ID token's claims: only PREFILL_CLAIMS, only what is there."""
    found = {
        "full_name": full_name or claims.get("HoVaTen") or claims.get("HoTen"),
        "birth_date": _birth_date(claims.get("birthdate") or claims.get("NgaySinh")),
        "sex": _sex(claims.get("gender") or claims.get("GioiTinh")),
        "id_number": id_number,
        "permanent_address": _address(claims.get("DiaChiThuongTru") or claims.get("address")),
        "phone": phone,
    }
    return {name: str(value) for name, value in found.items() if value}


async def remember(person_id: uuid.UUID, profile: dict[str, str], issuer: str) -> None:
    """Keep (or replace) the person's profile; called at sign-in, inside its transaction."""
    values = {IdentityProfile.sealed: seal(profile),
              IdentityProfile.claim_names: sorted(profile),
              IdentityProfile.issuer: issuer, IdentityProfile.updated_at: clock.now()}
    changed = await IdentityProfile.update(values).where(
        IdentityProfile.person == person_id).returning(IdentityProfile.id)
    if not changed:
        await IdentityProfile.insert(IdentityProfile(
            person=person_id, **{column._meta.name: value for column, value in values.items()},
        )).on_conflict(target=IdentityProfile.person, action="DO NOTHING")


async def profile_of(person_id: uuid.UUID) -> dict[str, str]:
    """The person's kept profile; empty if they never signed in through an identity provider."""
    row = await IdentityProfile.select(IdentityProfile.sealed).where(
        IdentityProfile.person == person_id).first()
    return unseal(row["sealed"]) if row else {}
