"""Issuing an electronic result reaches beyond the dossier: the officer's file is stamped and
signed with the agency's key, and the issued result goes into the applicant's document store.
Both are the documents domain's, which builds on dossiers and registers them here when it is
imported (documents/__init__.py), the way charging domains register in dossiers/charges.py: the
dossier lifecycle never imports documents."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SignedResult:
    pdf: bytes
    wrapped: bool  # the officer's file was a scan, wrapped into a PDF


@dataclass(frozen=True)
class IssuedResult:
    """An electronic result as just recorded (dossiers/results.py)."""

    owner: uuid.UUID  # the dossier's applicant
    dossier_id: uuid.UUID
    result_id: uuid.UUID
    code: str  # <dossier code>-KQ<n>
    title: str  # the service's name
    issuer_unit_code: str
    issuer_name: str
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str
    issued_at: datetime


# (the officer's file, the agency's row: unit_code, name_vi, name_en; the result's code, when it
# is issued, what the service does with a scan: `result_non_pdf`) → the signed PDF.
SignFn = Callable[[bytes, dict[str, Any], str, datetime, str], Awaitable[SignedResult]]
KeepFn = Callable[[IssuedResult], Awaitable[None]]  # inside the transaction recording the result

_signer: list[SignFn] = []
_keepers: list[KeepFn] = []


def use_signer(sign: SignFn) -> None:
    _signer[:] = [sign]


def on_issued(keep: KeepFn) -> None:
    """`keep` is told of every electronic result recorded (the applicant's document store)."""
    if keep not in _keepers:
        _keepers.append(keep)


async def sign(content: bytes, agency: dict[str, Any], code: str, issued_at: datetime,
               non_pdf: str) -> SignedResult:
    if not _signer:
        raise RuntimeError("no result signer: the documents domain is not loaded")
    return await _signer[0](content, agency, code, issued_at, non_pdf)


async def issued(result: IssuedResult) -> None:
    for keep in _keepers:
        await keep(result)
