"""The receipt (biên lai điện tử) as a PDF, in Vietnamese with the English beside it: the series
and number, the agency, the payer, each fee line with its legal basis, the total, the date, the
payment references, and refunds in their real state. Written with fpdf2 and the Unicode font
shipped in core/fonts (Vietnamese diacritics)."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from core import fonts

REFUND_STATUS = {"ordered": "đã lập lệnh hoàn / ordered", "sent": "đã chuyển / sent",
                 "refunded": "đã hoàn / refunded", "failed": "không thành công / failed",
                 "not_refundable": "không hoàn / not refundable"}
METHODS = {"vietqr": "VietQR", "bank_transfer": "Chuyển khoản / Bank transfer",
           "card": "Thẻ / Card", "national": "Nền tảng thanh toán quốc gia / National platform",
           "sandbox": "Sandbox"}


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def render(receipt: dict[str, Any]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(f"Biên lai {receipt['number']}")
    pdf.add_font("DejaVu", "", str(fonts.path("regular")))
    pdf.add_font("DejaVu", "B", str(fonts.path("bold")))
    pdf.add_page()
    width = pdf.epw

    def line(text: str, size: float = 10, bold: bool = False, align: str = "L") -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(width, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")

    line(receipt["agency"]["name_vi"], 11, bold=True)
    line(f"Mã đơn vị / Unit code: {receipt['agency']['unit_code']}", 9)
    pdf.ln(4)
    line("BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ", 14, bold=True, align="C")
    line("Electronic receipt of fees and charges", 10, align="C")
    line(f"Ký hiệu / Series: {receipt['series'] or '—'}    "
         f"Số / No.: {receipt['sequence'] or receipt['number']}", 10, align="C")
    pdf.ln(4)
    line(f"Người nộp / Payer: {receipt['payer']['name']}")
    line(f"Hồ sơ / Dossier: {receipt['dossier_code']}")
    line(f"Ngày / Date: {receipt['issued_at'][:10]}")
    line(f"Hình thức / Method: {METHODS.get(receipt['method'], receipt['method'])}")
    line(f"Mã thanh toán / Payment reference: {receipt['payment_reference']}")
    pdf.ln(3)
    line("Các khoản / Lines", 11, bold=True)
    for item in receipt["fee_lines"]:
        line(f"• {item.get('name_vi', item.get('code', ''))}: {vnd(int(item['amount']))}")
        basis = item.get("legal_basis_vi") or ""
        if basis:
            line(f"   {basis}", 8)
    pdf.ln(2)
    line(f"Tổng cộng / Total: {vnd(receipt['amount'])}", 12, bold=True)
    if receipt["refunds"]:
        pdf.ln(3)
        line("Hoàn tiền / Refunds", 11, bold=True)
        for refund in receipt["refunds"]:
            when = f" ({refund['completed_at'][:10]})" if refund["completed_at"] else ""
            line(f"• {vnd(refund['amount'])} — "
                 f"{REFUND_STATUS.get(refund['status'], refund['status'])}{when}")
    return bytes(pdf.output())
