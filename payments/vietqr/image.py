"""The QR image of a payload, as PNG (phones, print) and SVG (web, scales cleanly)."""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathImage


def _render(payload: str, factory) -> bytes:
    # Level M survives a smudged or partly covered print; 4 modules of quiet zone is what
    # scanners are specified to need.
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=8, border=4, image_factory=factory
    )
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


def png(payload: str) -> bytes:
    return _render(payload, PilImage)


def svg(payload: str) -> bytes:
    return _render(payload, SvgPathImage)
