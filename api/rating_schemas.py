"""Request and response bodies of rating a dossier. No `from __future__ import annotations`
here: the OpenAPI schema is built from these TypedDicts."""

from typing import Annotated

import msgspec

from api.dossier_responses import RatingView

Level = Annotated[int, msgspec.Meta(ge=1, le=5)]


class RatingRequest(msgspec.Struct, forbid_unknown_fields=True):
    """`level`: 5 rất hài lòng, 4 hài lòng, 3 bình thường, 2 không hài lòng, 1 rất không hài
    lòng. `criteria` (optional): criterion code → level, codes `process_trips`,
    `process_documents_clear`, `process_status_easy`, `staff_helpful`, `staff_response_time`,
    `info_current`, `info_easy_to_find`, `info_fast`, `info_convenient`."""

    level: Level
    criteria: dict[Annotated[str, msgspec.Meta(max_length=64)], Level] = {}
    comment: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class RatingAnswer(RatingView):
    dossier_id: str
