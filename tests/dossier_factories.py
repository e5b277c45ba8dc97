"""Dossiers for tests, built through the public API (create, fill, attach, submit) so each test
starts from what a real citizen would have done. Others may add functions at the end.

    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)"""

from __future__ import annotations

from typing import Any

import httpx

from catalogue.seed import seed_demo
from models.catalogue import Service
from tests.auth_helpers import sign_in

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Full-process, 200,000 đ paid online, electronic result, 10 working days (Hà Nội justice dept).
JUDICIAL = "HN.TP.001"
# Full-process birth registration: free, 1 working day, the 15:00 rule; one mandatory slot.
BIRTH = "HN.HT.001"
# Partial certification: the original is shown at the counter, the fee paid there, the result
# collected in person.
CERTIFY = "HN.CT.001"

FORMS: dict[str, dict[str, Any]] = {
    JUDICIAL: {"ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-05-17", "gioi_tinh": "Nam",
               "noi_cu_tru": "12 Hàng Bài, phường Hoàn Kiếm, Hà Nội", "loai_phieu": "Phiếu số 1",
               "so_luong": 1, "muc_dich": "Xin việc"},
    BIRTH: {"tre_ho_ten": "Nguyễn Minh Khôi", "tre_ngay_sinh": "2026-11-01",
            "tre_gioi_tinh": "Nam", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
            "me_ho_ten": "Trần Thị Bình", "quan_he_nguoi_yeu_cau": "Mẹ"},
    CERTIFY: {"ten_giay_to": "Bằng tốt nghiệp", "so_trang": 1, "so_ban": 1},
}
# A slot each service accepts a PDF in (mandatory where the service has one).
SLOTS = {JUDICIAL: "the_sinh_vien", BIRTH: "giay_chung_sinh", CERTIFY: "ban_chup"}


async def demo_catalogue() -> None:
    if await Service.count() == 0:
        await seed_demo()


async def citizen_headers(client: httpx.AsyncClient) -> dict[str, str]:
    await demo_catalogue()
    return await sign_in(client)


async def agency_of(service_code: str) -> str:
    await demo_catalogue()
    row = await Service.select(Service.agency.unit_code).where(Service.code == service_code).first()
    return row["agency.unit_code"]


async def officer_headers(client: httpx.AsyncClient, service_code: str | None = None, *,
                          unit_code: str | None = None) -> dict[str, str]:
    """An officer of the agency competent for `service_code` (or of `unit_code`)."""
    unit = unit_code or await agency_of(service_code or JUDICIAL)
    return await sign_in(client, role="officer", agency_unit_code=unit)


async def draft(client: httpx.AsyncClient, headers: dict[str, str], service_code: str,
                form: dict[str, Any] | None = None) -> dict[str, Any]:
    created = await client.post("/v1/dossiers", json={"service_code": service_code},
                                headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    if form is None:
        form = FORMS[service_code]
    if form:
        patched = await client.patch(f"/v1/dossiers/{body['id']}", json={"form_data": form},
                                     headers=headers)
        assert patched.status_code == 200, patched.text
        body = patched.json()
    return body


async def attach(client: httpx.AsyncClient, headers: dict[str, str], dossier_id: str, slot: str,
                 content: bytes = PDF, filename: str = "document.pdf") -> dict[str, Any]:
    answer = await client.post(f"/v1/dossiers/{dossier_id}/attachments", headers=headers,
                               data={"slot": slot},
                               files={"file": (filename, content, "application/pdf")})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def filled_draft(client: httpx.AsyncClient, headers: dict[str, str],
                       service_code: str) -> dict[str, Any]:
    body = await draft(client, headers, service_code)
    await attach(client, headers, body["id"], SLOTS[service_code])
    return body


async def submitted_dossier(client: httpx.AsyncClient, headers: dict[str, str],
                            service_code: str, **submit: Any) -> dict[str, Any]:
    body = await filled_draft(client, headers, service_code)
    answer = await client.post(f"/v1/dossiers/{body['id']}/submit", json=submit, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def act(client: httpx.AsyncClient, headers: dict[str, str], dossier_id: str, action: str,
              **body: Any) -> httpx.Response:
    return await client.post(f"/v1/officer/dossiers/{dossier_id}/actions",
                             json={"action": action, **body}, headers=headers)


def result_pdf(text: str = "Phiếu lý lịch tư pháp số 1") -> bytes:
    """A real one-page PDF, as an officer's result file (signing needs a PDF it can read)."""
    from fpdf import FPDF

    from core import fonts

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname=str(fonts.path()))
    pdf.set_font("dejavu", size=14)
    pdf.cell(text=text)
    return bytes(pdf.output())


RESULT_PDF = result_pdf()
