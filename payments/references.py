"""Short ASCII payment references: the VietQR bill number and the transfer content a bank echoes
back, so they must survive every banking app (no diacritics, no look-alike characters)."""

from __future__ import annotations

import secrets

from payments.vietqr.ascii import transfer_content

# Base32 without 0/O, 1/I/L: a citizen copying the content by hand cannot confuse them.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PREFIX = "MC"
LENGTH = 8


def new_reference() -> str:
    """`MC` + 8 characters (31^8 ≈ 8.5e11 values); the unique column catches the rare repeat."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def purpose_of(reference: str) -> str:
    """The transfer content: the reference first (a bank notice is matched on it), then a
    plain-ASCII label, within VietQR's 25 characters."""
    return transfer_content(reference, "nop phi ho so")


def find_in(text: str) -> str | None:
    """A reference inside free transfer content ("CK MCAB3DEFGH nop phi"): banks and payers add
    words around it."""
    upper = text.upper()
    at = upper.find(PREFIX)
    while at != -1:
        candidate = upper[at:at + len(PREFIX) + LENGTH]
        if len(candidate) == len(PREFIX) + LENGTH and all(c in ALPHABET for c in candidate[2:]):
            return candidate
        at = upper.find(PREFIX, at + 1)
    return None
