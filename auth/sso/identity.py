"""Who the national SSO says signed in (`SsoIdentity`), and the check of the ID number it
carries."""

from __future__ import annotations

from dataclasses import dataclass, field

from auth.id_number import IdNumberError, parse_id_number
from auth.sso.problems import SsoIdNumberRejected


@dataclass(frozen=True)
class SsoIdentity:
    id_number: str  # validated 12-digit số định danh cá nhân
    full_name: str = ""
    phone: str = ""
    email: str = ""
    officer_claim: str | None = None  # raw value of the configured officer claim, if present
    issuer: str = ""
    # The identity assurance level of the account (VNeID level 1 or 2), from the `acr` claim.
    assurance_level: int | None = None
    # What forms may be pre-filled from (auth.identity_profile.PREFILL_CLAIMS), as mapped from
    # the ID token's standard and national claims. Personal data: kept out of repr and logs.
    profile: dict[str, str] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:  # keep the ID number and phone out of logs and tracebacks
        return f"SsoIdentity(issuer={self.issuer!r}, officer={self.officer_claim is not None})"


def validate_id_number(value: str) -> str:
    """The value as a well-formed ID number, or SsoIdNumberRejected."""
    try:
        return parse_id_number(value).value
    except IdNumberError as exc:
        raise SsoIdNumberRejected(detail=exc.reason) from None
