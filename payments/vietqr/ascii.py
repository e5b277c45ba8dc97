"""Transfer content (tag 62/08) in the ASCII banks carry through: Vietnamese folded to plain
letters, at most 25 characters. Banks drop or mangle anything else, and the reference inside
the content is how a credit finds its fee."""

from __future__ import annotations

import re
import unicodedata

PURPOSE_MAX = 25
_SAFE = re.compile(r"[^A-Za-z0-9 .\-]")  # letters, digits, space and the two symbols banks keep
_SPACES = re.compile(r" +")


def fold(text: str, limit: int = PURPOSE_MAX) -> str:
    """'Lệ phí cấp đổi GPLX' → 'Le phi cap doi GPLX', cut at `limit` characters."""
    # đ/Đ are letters of their own, not d with a mark, so decomposition leaves them alone.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _SAFE.sub(" ", plain)
    plain = _SPACES.sub(" ", plain).strip()
    return plain[:limit].rstrip()


def transfer_content(reference: str, label: str = "") -> str:
    """The reference first (so truncation never cuts it), then as much of the label as fits."""
    content = fold(f"{reference} {label}")
    if not content.startswith(reference):
        raise ValueError("the reference must be plain ASCII letters and digits")
    return content
