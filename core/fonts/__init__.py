"""Fonts shipped with the package, for the PDFs motcua writes (see README.md here)."""

from __future__ import annotations

from pathlib import Path

_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def path(style: str = "regular") -> Path:
    """The TTF file of `style` ("regular" or "bold"): Vietnamese diacritics included."""
    return Path(__file__).parent / _FILES[style]
