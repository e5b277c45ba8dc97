"""The national dossier record (hồ sơ đồng bộ), built from the dossier as it is now.

Field names are those of the portal's dossier synchronisation service (DongBoHoSoMC); times are
`yyyyMMddHHmmss` in Vietnam time, as that service expects. The record always carries the current
truth: it is read when the job runs, not when the event was written, so a late or repeated job
sends nothing stale. `sequence` is the dossier's version, which every change bumps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.clock import LOCAL
from models.dossiers import Dossier

SERVICE = "DongBoHoSoMC"  # the portal's service name for "synchronise one-stop dossiers"
POSTAL_RETURN = "1"  # HinhThuc (how the result is returned): 0 at the desk, 1 by post
# DuocThanhToanTrucTuyen: 1 paid on the national portal, 2 paid through the ministry's or
# province's own payment gateway — motcua takes payments itself, so 2.
PAID_THROUGH_OWN_GATEWAY = "2"


@dataclass(frozen=True)
class NationalRecord:
    dossier_id: str
    code: str
    sequence: int  # the dossier version: higher is newer
    status_code: int
    fields: dict[str, Any]
    updating: bool = False  # the portal has accepted an earlier record of this dossier

    def envelope(self) -> dict[str, Any]:
        """The request body: the service name, whether this updates a known dossier, the record."""
        return {"service": SERVICE, "isUpdating": self.updating, "sequence": self.sequence,
                "data": [self.fields]}


def vietnam_time(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # stored as UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL).strftime("%Y%m%d%H%M%S")


def _flag(value: bool) -> str:
    return "1" if value else "0"


COLUMNS = (
    Dossier.service.procedure_code.as_alias("procedure_code"),
    Dossier.service.name_vi.as_alias("service_name"),
    # Piccolo types a join's second hop as a plain Column, which names no further column.
    Dossier.service.field.code.as_alias("field_code"),  # pyright: ignore[reportAttributeAccessIssue]
    Dossier.service.field.name_vi.as_alias("field_name"),  # pyright: ignore[reportAttributeAccessIssue]
    Dossier.agency.unit_code.as_alias("unit_code"),
    Dossier.applicant.full_name.as_alias("applicant_name"),
    Dossier.applicant.id_number.as_alias("applicant_id_number"),
)


async def build_record(dossier_id: str) -> NationalRecord | None:
    """The record for the dossier as it is now; None while it is unknown to the national system
    (a draft, or gone)."""
    row = await Dossier.select(*Dossier.all_columns(), *COLUMNS).where(
        Dossier.id == dossier_id).first()
    if row is None or row["status_code"] is None or not row["code"]:
        return None
    return NationalRecord(
        dossier_id=str(row["id"]), code=row["code"], sequence=row["version"],
        status_code=row["status_code"], fields=record_fields(row),
    )


def record_fields(row: dict[str, Any]) -> dict[str, Any]:
    state = row["state"]
    fields: dict[str, Any] = {
        "MaHoSo": row["code"],  # dossier code
        "MaTTHC": row["procedure_code"],  # procedure code in the national procedure database
        "TenTTHC": row["service_name"],
        "MaLinhVuc": row["field_code"],  # subject area
        "TenLinhVuc": row["field_name"],
        "TrichYeuHoSo": row["service_name"],  # summary of the dossier
        "TrangThaiHoSo": str(row["status_code"]),  # national status 1–10
        "KenhThucHien": str(row["submission_channel"]),  # 1 in person, 2 online, 3 public post
        "DonViXuLy": row["unit_code"],  # handling unit (agency code)
        "HinhThuc": POSTAL_RETURN if row["result_delivery"] == "postal" else "0",
        # The applicant, as the portal needs them to show the dossier in the citizen's account.
        # Personal data: only ever in this outbound record, never in a log line.
        "ChuHoSo": row["applicant_name"],
        "SoDinhDanh": row["applicant_id_number"],
        # Flags the national scoring (Decision 766/QĐ-TTg) reads.
        "DuocThanhToanTrucTuyen": PAID_THROUGH_OWN_GATEWAY if row["paid_online"] else "0",
        "HoSoCoThanhPhanSoHoa": _flag(row["digitised"]),  # dossier documents digitised
        # Not in the portal's field list as published; named in its style: documents reused from
        # the citizen's data store, and an electronic result issued.
        "TaiSuDungGiayTo": _flag(row["reused_documents"]),
        "KetQuaDienTu": _flag(row["electronic_result"]),
    }
    dates = {
        "NgayNopHoSo": row["submitted_at"],  # submitted
        "NgayTiepNhan": row["received_at"],  # received: the processing clock starts here
        "NgayHenTra": row["due_at"],  # promised date of the result
        "NgayKetThucXuLy": row["finished_at"],  # processing finished
        "NgayTuChoi": row["closed_at"] if state == "refused" else None,  # refused at intake
        "NgayTra": row["closed_at"] if state == "result_returned" else None,  # result returned
    }
    fields.update({name: vietnam_time(value) for name, value in dates.items() if value})
    return fields
