"""Turning an officer's result file into the signed electronic result the citizen receives:
a PDF gets the visible stamp and the agency's invisible PAdES signature; a scan is wrapped into
a PDF first, or refused, as the service says (`result_non_pdf`). The caller stores what comes
back, so the stored SHA-256 is that of the signed file."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import anyio

from core.settings import load_settings
from documents.problems import ResultNotPdf, ResultUnreadable, SigningUnavailable
from documents.signer import AgencyIdentity, SignerUnavailable
from documents.signer_registry import signer_for
from documents.stamp import StampText, stamp_pdf, wrap_image
from dossiers.result_issuer import SignedResult
from dossiers.sniffing import sniff

if TYPE_CHECKING:
    from core.settings import Settings

log = logging.getLogger("motcua.documents")

_settings: Settings | None = None


def configure(settings: Settings) -> None:
    global _settings
    _settings = settings


def settings() -> Settings:
    if _settings is None:
        configure(load_settings())
    assert _settings is not None
    return _settings


def verify_url(code: str) -> str:
    return f"{settings().public_base_url}/v1/results/verify?{urlencode({'code': code})}"


def _sign(content: bytes, agency: AgencyIdentity, code: str, issued_at: datetime,
          non_pdf: str) -> SignedResult:
    kind = sniff(content[:64])
    wrapped = False
    if kind != "application/pdf":
        if non_pdf != "wrap" or kind not in ("image/jpeg", "image/png"):
            raise ResultNotPdf(extra={"detected": kind})
        try:
            content, wrapped = wrap_image(content), True
        except Exception:  # noqa: BLE001 - a scan Pillow cannot open: the same for the officer
            raise ResultUnreadable() from None
    signer = signer_for(settings())
    try:
        stamped = stamp_pdf(content, StampText(agency.name_vi, code, issued_at, verify_url(code)))
    except Exception:  # noqa: BLE001 - whatever pyHanko trips over, the PDF cannot be read
        raise ResultUnreadable() from None
    try:
        signed = signer.sign(stamped, agency, reason=f"Kết quả điện tử {code}")
    except SignerUnavailable as exc:
        log.error("agency %s cannot sign results: %s", agency.unit_code, exc)
        raise SigningUnavailable() from None
    return SignedResult(signed, wrapped)


async def sign_result(content: bytes, agency: dict[str, Any], code: str, issued_at: datetime,
                      non_pdf: str = "wrap") -> SignedResult:
    """Stamp and sign as `agency` (its row: unit_code, name_vi, name_en), in a worker thread:
    pyHanko and RSA are CPU work that would stall every other request of this process."""
    return await anyio.to_thread.run_sync(_sign, content, AgencyIdentity(**agency), code,
                                          issued_at, non_pdf)
