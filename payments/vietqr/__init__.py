"""VietQR (NAPAS 247 on EMVCo merchant-presented QR): TLV fields, CRC, the dynamic payload for
one fee, ASCII transfer content and the QR image. Pure functions; no database, no HTTP."""

from payments.vietqr.emvco import VietQRError
from payments.vietqr.payload import VietQR, build_payload, parse_payload

__all__ = ["VietQR", "VietQRError", "build_payload", "parse_payload"]
