"""Payment references: the short ASCII code a citizen's transfer content carries, by which a
bank credit finds its fee. `MC` + 8 random + 2 check characters (Crockford base32: no I, L, O,
U to misread). Banks echo the content back uppercased, with text prepended or appended and
sometimes with the spaces stripped, so a reference is found by scanning the letters and digits
for `MC…` windows whose check characters match — a random 12-character run passes that test
about once in a thousand times, a reference we issued always does."""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "MC"
LENGTH = len(PREFIX) + 10
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def _check(body: str) -> str:
    digest = hashlib.sha256(body.encode("ascii")).digest()
    return ALPHABET[digest[0] % 32] + ALPHABET[digest[1] % 32]


def new_reference() -> str:
    body = PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(8))
    return body + _check(body)


def is_reference(candidate: str) -> bool:
    return (
        len(candidate) == LENGTH
        and candidate.startswith(PREFIX)
        and all(ch in ALPHABET for ch in candidate[len(PREFIX) :])
        and _check(candidate[:-2]) == candidate[-2:]
    )


def find_reference(content: str) -> str | None:
    """The first reference inside a transfer content as a bank echoes it, or None."""
    text = _NOT_ALNUM.sub("", content.upper())
    start = text.find(PREFIX)
    while start != -1:
        if is_reference(text[start : start + LENGTH]):
            return text[start : start + LENGTH]
        start = text.find(PREFIX, start + 1)
    return None
