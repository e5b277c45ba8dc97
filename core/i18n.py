"""Language negotiation: Vietnamese by default, English when the client prefers it."""

from __future__ import annotations

SUPPORTED = ("vi", "en")
DEFAULT = "vi"


def negotiate(accept_language: str | None) -> str:
    """Pick vi or en from an Accept-Language header (RFC 9110 §12.5.4 weights)."""
    if not accept_language:
        return DEFAULT
    best, best_q = DEFAULT, -1.0
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        lang = tag.strip().lower().split("-")[0]
        # Earlier entries win ties, as clients list them in order of preference.
        score = q - position * 1e-6
        if lang in SUPPORTED and q > 0 and score > best_q:
            best, best_q = lang, score
    return best


def pick(texts: dict[str, str], locale: str) -> str:
    return texts.get(locale) or texts.get(DEFAULT) or next(iter(texts.values()), "")
