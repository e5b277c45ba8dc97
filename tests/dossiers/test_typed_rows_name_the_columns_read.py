"""The typed rows of dossiers/rows.py name exactly what their queries read, with the types
Piccolo gives: a column added to a table or a query without its row type fails here, not in
a reader that trusted the type."""

import types
import typing

from piccolo.columns import JSON, JSONB, Column, ForeignKey

from dossiers import attachments, context, listing, results
from dossiers.rows import (
    AttachmentRow,
    DossierRow,
    QueueRow,
    ResultRow,
    ServiceRow,
    StoredAttachment,
    SummaryRow,
)
from models.dossiers import Dossier, DossierAttachment


def _name(column: Column) -> str:
    return column._alias or column._meta.name


def _nullable(hint) -> bool:
    return isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)


def _plain(hint):
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return args[0] if _nullable(hint) and len(args) == 1 else hint


def _matches(row_type, columns) -> None:
    hints = typing.get_type_hints(row_type)
    assert set(hints) == {_name(column) for column in columns}
    for column in columns:
        hint = hints[_name(column)]
        # A foreign key is nullable as Piccolo declares it, and set on every row written.
        if not isinstance(column, ForeignKey):
            assert _nullable(hint) == column._meta.null, _name(column)
        if not isinstance(column, (JSON, JSONB)):  # JSON: text, or decoded (ServiceRow)
            assert _plain(hint) is column.value_type, _name(column)


def test_a_dossier_row_is_every_column_of_the_table():
    _matches(DossierRow, Dossier.all_columns())
    assert typing.get_type_hints(DossierRow)["form_data"] is str  # as the driver gives it


def test_list_and_queue_rows_are_what_their_pages_read():
    _matches(SummaryRow, listing.SUMMARY)
    _matches(QueueRow, (*listing.SUMMARY, Dossier.applicant, *listing.APPLICANT))


def test_a_service_row_is_what_the_lifecycle_reads():
    _matches(ServiceRow, context._COLUMNS)


def test_a_result_row_is_a_listed_result():
    _matches(ResultRow, results.PUBLIC_FIELDS)


def test_attachment_rows_are_a_listed_document_and_a_stored_one():
    _matches(AttachmentRow, attachments.PUBLIC_FIELDS)
    _matches(StoredAttachment, (*attachments.PUBLIC_FIELDS, DossierAttachment.storage_key))
