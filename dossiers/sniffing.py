"""What a file really is, from its first bytes (magic numbers).

The file name and the declared Content-Type come from the client and are not evidence: a photo
renamed to .pdf is still a JPEG. Slots list the MIME types they accept
(RequiredDocument.accepted_types); the demo catalogue uses PDF, JPEG, PNG and DWG drawings."""

from __future__ import annotations

import re

OCTET_STREAM = "application/octet-stream"
# Enough leading bytes for every signature below.
SNIFF_BYTES = 16

_DWG = re.compile(rb"^AC1\d{3}")  # AutoCAD drawing: AC1012 (R13) … AC1032 (2018+)


def sniff(head: bytes) -> str:
    """The MIME type the leading bytes show, or application/octet-stream if none is known."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image/heic"
    if _DWG.match(head):
        return "image/vnd.dwg"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return OCTET_STREAM


# The extension a downloaded file gets, from its sniffed type.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/vnd.dwg": ".dwg",
    "application/zip": ".zip",
}
