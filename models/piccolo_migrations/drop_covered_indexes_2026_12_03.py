from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import ForeignKey

ID = "2026-12-03T15:20:25:187723"
VERSION = "1.38.0"
# Single-column indexes that composite ones lead with (indexes_2026_11_22.py): each cost
# every insert and update of a dossier or timeline row, and no query needs them.
DESCRIPTION = "drop indexes covered by composite ones"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="models", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Dossier",
        tablename="dossier",
        column_name="agency",
        db_column_name="agency",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Dossier",
        tablename="dossier",
        column_name="applicant",
        db_column_name="applicant",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="DossierEvent",
        tablename="dossier_event",
        column_name="dossier",
        db_column_name="dossier",
        params={"index": False},
        old_params={"index": True},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    return manager
