"""The signer interface: an agency's key turns a PDF into a PAdES-signed PDF.

A signer is a plugin (documents/signers/), like payment providers: the file signer reads a key
and certificate chain per agency; an HSM or a remote signing service is another module with the
same two methods. Keys stay inside the signer: nothing here hands one out or logs it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from asn1crypto import x509


@dataclass(frozen=True)
class AgencyIdentity:
    unit_code: str  # mã đơn vị, e.g. 000.00.01.H22
    name_vi: str
    name_en: str = ""


_UNIT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.]{0,31}$")


def usable_unit_code(value: str) -> bool:
    """A unit code that can name a key's directory (never a path of its own)."""
    return bool(_UNIT_CODE.match(value))


class SignerUnavailable(RuntimeError):
    """The agency has no usable signing key here (not configured, unreadable)."""


class ResultSigner(Protocol):
    name: str

    def sign(self, pdf: bytes, agency: AgencyIdentity, *, reason: str) -> bytes:
        """The PDF with an invisible PAdES signature of `agency` added as an incremental update
        (every earlier byte kept). `reason` goes into the signature's /Reason. Blocking: call it
        from a worker thread."""
        ...

    def chain(self, agency: AgencyIdentity) -> list[x509.Certificate]:
        """The agency's certificate chain, signing certificate first, trust anchor last: what a
        signature of this agency must validate against."""
        ...
