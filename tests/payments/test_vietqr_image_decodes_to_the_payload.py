"""The QR a citizen scans decodes, with a real decoder (ZXing-C++), to exactly the payload string —
both the PNG and the SVG (its squares drawn into a bitmap)."""

import io
import re
import xml.etree.ElementTree as ET

import zxingcpp
from PIL import Image, ImageDraw

from payments.vietqr import build_payload
from payments.vietqr.image import png, svg

PAYLOAD = build_payload(
    "970403", "0011012345678", 180000, "MC7K2D9QXH4P", "MC7K2D9QXH4P Le phi GPLX"
)
SQUARE = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z")


def _decoded(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_png_decodes_to_the_payload():
    data = png(PAYLOAD)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert _decoded(Image.open(io.BytesIO(data))) == [PAYLOAD]


def test_svg_is_well_formed_and_decodes_to_the_payload():
    root = ET.fromstring(svg(PAYLOAD))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    squares = SQUARE.findall(path)
    assert squares and len("".join(m.group(0) for m in SQUARE.finditer(path))) == len(path)
    view = [float(n) for n in root.get("viewBox").split()]
    scale = 20  # pixels per SVG unit
    bitmap = Image.new("L", (int(view[2] * scale), int(view[3] * scale)), 255)
    draw = ImageDraw.Draw(bitmap)
    for x1, y1, x2, y2 in squares:
        draw.rectangle(
            [float(x1) * scale, float(y1) * scale, float(x2) * scale - 1, float(y2) * scale - 1],
            fill=0,
        )
    assert _decoded(bitmap) == [PAYLOAD]
