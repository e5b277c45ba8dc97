"""What a reader sees on a signed result: a stamp in the bottom corner of the first page with the
issuing agency, the result code, the issue date and a QR code of the address where anyone can
check it (GET /v1/results/verify). The stamp is drawn by fpdf2 with DejaVu Sans (core.fonts: the
text is Vietnamese) and placed on the page by pyHanko as an incremental update, so the original
bytes are kept.

A result that is not a PDF (a scan) is first wrapped into one, one A4 page, when the service's
catalogue entry allows it (`result_non_pdf`: `wrap` or `refuse`)."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import qrcode
from fpdf import FPDF
from PIL import Image
from pyhanko.pdf_utils.generic import DictionaryObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.stamp import StaticContentStamp, StaticStampStyle
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

from core import fonts
from core.clock import LOCAL

STAMP_WIDTH, STAMP_HEIGHT, MARGIN = 270, 72, 18  # points
A4 = (0, 0, 595.28, 841.89)  # for a page whose size is inherited from its parents


@dataclass(frozen=True)
class StampText:
    agency: str
    code: str
    issued_at: datetime
    verify_url: str


def _qr_png(url: str) -> bytes:
    # The default image factory, Pillow being installed: its save() takes a format.
    image = cast(PilImage, qrcode.make(url, border=1, error_correction=ERROR_CORRECT_M))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _stamp_page(text: StampText) -> bytes:
    pdf = FPDF(unit="pt", format=(STAMP_WIDTH, STAMP_HEIGHT))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_page()
    pdf.add_font("dejavu", fname=str(fonts.path()))
    pdf.add_font("dejavu", style="B", fname=str(fonts.path("bold")))
    pdf.set_draw_color(178, 34, 34)
    pdf.set_line_width(1)
    pdf.rect(0.5, 0.5, STAMP_WIDTH - 1, STAMP_HEIGHT - 1)
    side = STAMP_HEIGHT - 8
    pdf.image(io.BytesIO(_qr_png(text.verify_url)), x=4, y=4, w=side, h=side)
    left = side + 10
    lines = [("B", "ĐÃ KÝ SỐ / DIGITALLY SIGNED"), ("", text.agency),
             ("", f"Mã kết quả: {text.code}"),
             ("", f"Ngày cấp: {text.issued_at.astimezone(LOCAL):%d/%m/%Y}"),
             ("", "Quét mã QR để kiểm tra chữ ký")]
    for row, (style, line) in enumerate(lines):
        pdf.set_font("dejavu", style=style, size=7)
        pdf.set_xy(left, 6 + row * 12.5)
        pdf.cell(w=STAMP_WIDTH - left - 4, h=10, text=line)
    return bytes(pdf.output())


def stamp_pdf(pdf: bytes, text: StampText) -> bytes:
    """The PDF with the stamp drawn on its first page, as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    first = cast(DictionaryObject, writer.find_page_for_modification(0)[0].get_object())
    box = [float(v) for v in first.get("/MediaBox", A4)]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as page:  # pyHanko imports from a file
        page.write(_stamp_page(text))
        page.flush()
        style = StaticStampStyle.from_pdf_file(page.name, border_width=0)
        stamp = StaticContentStamp(writer, style,
                                   box=BoxConstraints(width=STAMP_WIDTH, height=STAMP_HEIGHT))
        # pyHanko annotates x and y as int; they are PDF coordinates, fractions allowed.
        stamp.apply(0, box[2] - STAMP_WIDTH - MARGIN, box[1] + MARGIN)  # pyright: ignore[reportArgumentType]
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def wrap_image(image: bytes) -> bytes:
    """A scan (JPEG or PNG) as a one-page A4 PDF, the image fitted inside the margins, with room
    at the bottom for the stamp."""
    with Image.open(io.BytesIO(image)) as probe:
        width, height = probe.size
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    room_w, room_h = pdf.w - 2 * 36, pdf.h - 2 * 36 - STAMP_HEIGHT - MARGIN
    scale = min(room_w / width, room_h / height)
    pdf.image(io.BytesIO(image), x=36, y=36, w=width * scale, h=height * scale)
    return bytes(pdf.output())
