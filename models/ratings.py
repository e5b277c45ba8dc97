"""Citizens' ratings of how a dossier was served (the satisfaction indicator)."""

from piccolo.columns import JSONB, UUID, ForeignKey, Integer, Text, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.table import Table

from models.auth import Person
from models.catalogue import Agency, Service
from models.dossiers import Dossier


class DossierRating(Table, tablename="dossier_rating"):
    """One rating per dossier (Decree 224/2026 Art. 10(3)(b)), on the five levels of the
    agencies' survey forms: 5 rất hài lòng, 4 hài lòng, 3 bình thường, 2 không hài lòng,
    1 rất không hài lòng. Agency and service are copied from the dossier so the indicators
    group ratings without a join."""

    id = UUID(primary_key=True, default=UUID4())
    dossier = ForeignKey(references=Dossier, unique=True)
    person = ForeignKey(references=Person, index=True)
    agency = ForeignKey(references=Agency, index=True)
    service = ForeignKey(references=Service)
    level = Integer()  # 1–5, see above
    criteria = JSONB(default="{}")  # criterion code → level 1–5
    comment = Text(default="")  # personal data: never logged
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
