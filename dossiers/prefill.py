"""Forms pre-filled from the signed-in identity (Decree 224/2026 Art. 15, 18: "provide
information only once").

Which form field takes which identity claim is data in the service's form schema, never code per
service: `"x-prefill": {"fields": {"ho_ten": "full_name", ...}, "locked": "refuse" | "flag"}`
(claims: auth.identity_profile.PREFILL_CLAIMS). A new draft starts with those fields filled and
remembers which they were (DossierPrefill). Changing one afterwards is refused (422
`identity-field-locked`) or, with `flag`, accepted and shown to the officer as changed."""

from __future__ import annotations

import json
from typing import Any

from auth.identity_profile import PREFILL_CLAIMS, profile_of
from auth.principal import Principal
from auth.sealing import seal, unseal
from core.changes import announce
from core.db.compiled import Compiled
from dossiers.problems import IdentityFieldLocked
from models.documents import DossierPrefill

POLICIES = ("refuse", "flag")


def mapping(schema: dict[str, Any]) -> tuple[dict[str, str], str]:
    """The service's field → claim mapping (fields the schema has, claims we know) and policy."""
    spec = (schema or {}).get("x-prefill") or {}
    properties = (schema or {}).get("properties") or {}
    fields = {field: claim for field, claim in (spec.get("fields") or {}).items()
              if field in properties and claim in PREFILL_CLAIMS}
    locked = spec.get("locked")
    policy = locked if locked in POLICIES else "refuse"
    return fields, policy


async def initial_form(principal: Principal,
                       schema: dict[str, Any]) -> tuple[dict[str, Any], list[str], str]:
    """The form a new draft starts with: (form data, the fields filled, the lock policy)."""
    fields, policy = mapping(schema)
    if not fields:
        return {}, [], policy
    profile = await profile_of(principal.person_id)
    form = {field: profile[claim] for field, claim in fields.items() if profile.get(claim)}
    return form, sorted(form), policy


async def record(dossier_id, form: dict[str, Any], fields: list[str], policy: str) -> None:
    """Remember what was filled (inside the draft's creation)."""
    if fields:
        await DossierPrefill.insert(DossierPrefill(
            dossier=dossier_id, fields=fields, policy=policy,
            sealed_values=seal({field: form[field] for field in fields})))


# Read with every dossier detail that is not kept in memory: built once (core.db.compiled).
_STATE = Compiled(lambda dossier_id: DossierPrefill.select(
    DossierPrefill.fields, DossierPrefill.policy, DossierPrefill.changed).where(
    DossierPrefill.dossier == dossier_id).limit(1))


async def state(dossier_id) -> dict[str, Any] | None:
    """What the dossier's detail shows: {fields, policy, changed}, or None without pre-fill."""
    row = await _STATE.first(dossier_id=dossier_id)
    if row is None:
        return None
    return {"fields": _list(row["fields"]), "policy": row["policy"],
            "changed": _list(row["changed"])}


def _list(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value or [])


async def check_locked(dossier_id, merged: dict[str, Any]) -> None:
    """Refuse, or flag for the officer, changes to identity fields in `merged` (the draft's
    form after a patch). Runs inside the patch's transaction."""
    row = await DossierPrefill.select().where(DossierPrefill.dossier == dossier_id).first()
    if row is None:
        return
    original = unseal(row["sealed_values"])
    changed = sorted(field for field in _list(row["fields"])
                     if merged.get(field) != original.get(field))
    if changed and row["policy"] == "refuse":
        raise IdentityFieldLocked(extra={"errors": [
            {"pointer": f"/form_data/{field}",
             "detail": "Filled from the electronic identity; it cannot be changed"}
            for field in changed]})
    if changed != _list(row["changed"]):
        await DossierPrefill.update({DossierPrefill.changed: changed}).where(
            DossierPrefill.dossier == dossier_id)
        await announce("dossier", dossier_id)
