"""Rating a dossier (Decree 224/2026 Art. 10(3)(b)): by its applicant only, once it has a result,
one rating per dossier, which may be changed for a configured number of days after it was
first given (settings.rating_change_days) and is final after that.

Every rating given or changed publishes `dossier.rated` in the same transaction, with the level
it replaces, so the satisfaction rollups can move a count from one level to another. The comment
is the citizen's own words: stored, shown to them and to the agency, never logged or audited."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from auth.principal import Principal
from core import clock
from core.audit import record
from core.changes import announce
from core.db import for_update, transaction
from core.db.compiled import Compiled
from core.problems import ValidationFailed, define
from dossiers import detail_parts
from dossiers.access import own_dossier
from dossiers.rows import DossierRow
from jobs.publish import publish
from models.ratings import DossierRating
from ratings.scale import CRITERIA, LEVELS, level_text

RATED_STATES = frozenset({"result_ready", "result_returned"})  # status 9, 10: a result exists

RatingNotOpen = define(
    "rating-not-open", 409, "Chỉ đánh giá được hồ sơ đã có kết quả",
    "A dossier can be rated once it has a result")
RatingFinal = define(
    "rating-final", 409, "Đã hết thời hạn thay đổi đánh giá", "The rating can no longer be changed")


@dataclass(frozen=True)
class RatingInput:
    level: int
    criteria: dict[str, int]
    comment: str = ""


def _check(given: RatingInput) -> None:
    errors = []
    if given.level not in LEVELS:
        errors.append({"pointer": "/level", "detail": "A level from 1 to 5"})
    for code, level in given.criteria.items():
        if code not in CRITERIA:
            errors.append({"pointer": f"/criteria/{code}", "detail": "Unknown criterion"})
        elif level not in LEVELS:
            errors.append({"pointer": f"/criteria/{code}", "detail": "A level from 1 to 5"})
    if errors:
        raise ValidationFailed(extra={"errors": errors})


# Days a rating may be changed: settings.rating_change_days, set at startup (ratings.lifecycle).
CHANGE_DAYS = [7]


def configure(change_days: int) -> None:
    CHANGE_DAYS[0] = change_days


async def rate(principal: Principal, dossier_id: str,
               given: RatingInput) -> tuple[dict[str, Any], bool]:
    """Give or change the rating; returns (the rating row, created)."""
    dossier = await own_dossier(principal, dossier_id)
    _check(given)
    if dossier["state"] not in RATED_STATES:
        raise RatingNotOpen(extra={"state": dossier["state"]})
    at = clock.now()
    async with transaction():
        inserted = await DossierRating.insert(DossierRating(
            dossier=dossier["id"], person=principal.person_id, agency=dossier["agency"],
            service=dossier["service"], level=given.level,
            criteria=json.dumps(given.criteria), comment=given.comment,
            created_at=at, updated_at=at,
        )).on_conflict(target=DossierRating.dossier, action="DO NOTHING").returning(
            *DossierRating.all_columns())
        if inserted:
            await _rated(dossier, inserted[0], None, at, principal)
            return inserted[0], True
        current = await for_update(DossierRating.select().where(
            DossierRating.dossier == dossier["id"])).first()
        assert current is not None  # the insert above conflicted with it
        if at > changeable_until(current["created_at"]):
            raise RatingFinal(extra={"rated_at": current["created_at"].isoformat()})
        if (current["level"], _criteria(current), current["comment"]) == (
                given.level, given.criteria, given.comment):
            return current, False  # the same rating again: nothing changes, nothing published
        changed = await DossierRating.update({
            DossierRating.level: given.level, DossierRating.criteria: json.dumps(given.criteria),
            DossierRating.comment: given.comment, DossierRating.updated_at: at,
        }).where(DossierRating.id == current["id"]).returning(*DossierRating.all_columns())
        await _rated(dossier, changed[0], current["level"], at, principal)
        return changed[0], False


async def _rated(dossier: DossierRow, rating: dict[str, Any], previous: int | None,
                 at: datetime, principal: Principal) -> None:
    await publish("dossier.rated", {
        "dossier_id": str(dossier["id"]), "agency_id": dossier["agency"],
        "service_id": dossier["service"], "level": rating["level"], "previous_level": previous,
    }, event_key=f"{rating['id']}:{at.isoformat()}")
    await record("dossier.rated" if previous is None else "dossier.rating_changed",
                 actor_kind="citizen", actor_id=str(principal.person_id),
                 subject_type="dossier", subject_id=str(dossier["id"]),
                 detail={"level": rating["level"], "previous_level": previous})
    await announce("dossier", dossier["id"])  # the citizen's detail shows the rating


def changeable_until(created_at: datetime) -> datetime:
    return created_at + timedelta(days=CHANGE_DAYS[0])


def _criteria(row: dict[str, Any]) -> dict[str, int]:
    value = row["criteria"]
    return json.loads(value) if isinstance(value, str) else (value or {})


# Read with every detail of a dossier that has a result and is not kept in memory.
_OF_DOSSIER = Compiled(lambda dossier_id: DossierRating.select().where(
    DossierRating.dossier == dossier_id).limit(1))


async def of_dossier(dossier_id: uuid.UUID) -> dict[str, Any] | None:
    return await _OF_DOSSIER.first(dossier_id=dossier_id)


async def of_rated_dossier(dossier: DossierRow) -> dict[str, Any] | None:
    """The rating a dossier's detail shows: there is none to read before a result exists."""
    return await of_dossier(dossier["id"]) if dossier["state"] in RATED_STATES else None


def register() -> None:
    """The dossier's detail shows its rating (dossiers/detail_parts.py), kept with the detail:
    every write of a rating announces the dossier (`_rated`)."""
    detail_parts.register("rating", load=of_rated_dossier, show=shown)


def shown(row: dict[str, Any], locale: str) -> dict[str, Any]:
    """The rating as its author (and the agency) see it."""
    return {"level": row["level"], "level_text": level_text(row["level"], locale),
            "criteria": _criteria(row), "comment": row["comment"],
            "created_at": row["created_at"], "updated_at": row["updated_at"],
            "changeable_until": changeable_until(row["created_at"])}
