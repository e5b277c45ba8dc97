"""Response bodies of sign-in and of the signed-in person. No `from __future__ import
annotations`: NotRequired must stay visible to the OpenAPI generation (see dossier_responses)."""

from datetime import datetime
from typing import Literal, TypedDict
from uuid import UUID

Role = Literal["citizen", "officer", "admin"]


class AgencyName(TypedDict):
    unit_code: str
    name_vi: str
    name_en: str


class Person(TypedDict):
    """The signed-in person; the ID number and phone masked (personal data)."""

    id: UUID
    full_name: str
    id_number_masked: str
    phone_masked: str | None
    email: str | None
    role: Role
    agency: AgencyName | None  # officers and admins
    locale: Literal["vi", "en"]


class TokenPair(TypedDict):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int  # seconds
    refresh_token: str  # single use: each refresh returns a new one
    session_id: UUID
    person: Person


class Session(TypedDict):
    id: UUID
    client: str  # the app's User-Agent, shortened
    sign_in_method: str
    created_at: datetime
    last_used_at: datetime  # updated at sign-in and at each refresh
    current: bool


class Jwk(TypedDict):
    kty: Literal["EC"]
    crv: Literal["P-256"]
    x: str
    y: str
    kid: str
    use: Literal["sig"]
    alg: Literal["ES256"]


class Jwks(TypedDict):
    keys: list[Jwk]
