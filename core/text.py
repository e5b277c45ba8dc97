"""Folding Vietnamese text for diacritics-insensitive matching: "Đăng ký Khai sinh" and
"dang ky khai sinh" fold to the same string. Used by the catalogue search (folded text stored
with each service) and, as the SQL function `motcua_fold`, by searches over names stored as
typed (the officers' queue): registered on every SQLite connection (core/db/sqlite.py) and
created on PostgreSQL by a migration (piccolo_migrations/fold_function_2026_12_07.py) that
does the same steps in SQL."""

from __future__ import annotations

import unicodedata

SQL_FUNCTION = "motcua_fold"
# NFD splits "ấ" into "a" + combining marks, but "đ" is a letter of its own (U+0111), not
# "d" + a mark, so it must be mapped explicitly.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lowercase without diacritics: "Đăng ký Khai sinh" → "dang ky khai sinh"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.lower()


def fold_or_none(text: str | None) -> str | None:
    """`fold` as an SQL function: NULL stays NULL."""
    return None if text is None else fold(text)
