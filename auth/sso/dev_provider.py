"""A development identity provider for embedded mode: its own issuer (`{public_base_url}/dev-sso`),
discovery, JWKS, an authorize page to pick a demo person, and a token endpoint — so the real
`authenticate_with_code` path runs unchanged on a laptop. Refused in production (Settings.check).

Authorization codes live as files under data_dir (named by their hash): every worker process sees
them, and deleting the file is what makes a code single-use, even across processes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth.sso.discovery import dev_issuer
from catalogue.seed import demo_people
from core.problems import BadRequest
from core.settings import Settings

CODE_TTL = 120  # seconds
ID_TOKEN_TTL = 300
DEV_OFFICER_CLAIM = "motcua_officer_agency"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    id_number: str  # valid shape: AAA B CC DDDDDD
    full_name: str
    phone: str
    email: str
    officer_agency: str | None = None  # unit code (mã đơn vị) of the agency an officer works for
    role: str = "citizen"  # citizen | officer | accountant | admin (catalogue/demo_people.json)
    assurance_level: int | None = None  # VNeID account level, sent as the `acr` claim
    birth_date: str = ""  # ISO; consistent with the ID number's century/sex digit and year
    sex: str = ""  # Nam | Nữ
    # Permanent address in the 2025 units: street, ward/commune (5-digit code), province.
    address: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def staff_role(self) -> str:
        """With officer_agency: what the officer claim says (officer | accountant)."""
        return self.role if self.role in STAFF_ROLES else "officer"

    def claims(self) -> dict[str, Any]:
        """Profile claims as an OpenID provider sends them (OIDC Core 5.1)."""
        where = self.address
        formatted = ", ".join(where[k] for k in ("street", "commune", "province") if where.get(k))
        return {"name": self.full_name, "phone_number": self.phone, "email": self.email,
                "birthdate": self.birth_date, "gender": {"Nam": "male", "Nữ": "female"}[self.sex],
                "address": {"formatted": formatted, "street_address": where["street"],
                            "locality": where["commune"], "region": where["province"],
                            "country": "VN"}}


STAFF_ROLES = ("officer", "accountant")


def _demo_people() -> tuple[DemoPerson, ...]:
    """Everyone of catalogue/demo_people.json — the people `seed-demo` creates — so the page
    offers each of them, officers and accountants of the demo agencies and the administrator
    included, with the profile claims a real identity provider sends (birth date, sex,
    permanent address)."""
    return tuple(
        DemoPerson(p["key"], p["id_number"], p["full_name"], p["phone"], p["email"],
                   officer_agency=p["agency"] if p["role"] in STAFF_ROLES else None,
                   role=p["role"], assurance_level=p.get("assurance_level"),
                   birth_date=p["birth_date"], sex=p["sex"], address=p["address"])
        for p in demo_people())


DEMO_PEOPLE: tuple[DemoPerson, ...] = _demo_people()


def demo_person(key: str) -> DemoPerson | None:
    return next((p for p in DEMO_PEOPLE if p.key == key), None)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _load_or_create_key(path: Path) -> rsa.RSAPrivateKey:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:  # O_EXCL: when several workers start at once, the first one's key wins
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
        except FileExistsError:
            pass
    return serialization.load_pem_private_key(path.read_bytes(), password=None)  # type: ignore


@dataclass(frozen=True)
class AuthorizeRequest:
    client_id: str
    redirect_uri: str
    code_challenge: str
    state: str
    nonce: str

    def hidden_fields(self) -> dict[str, str]:
        return {"response_type": "code", "client_id": self.client_id,
                "redirect_uri": self.redirect_uri, "code_challenge": self.code_challenge,
                "code_challenge_method": "S256", "state": self.state, "nonce": self.nonce}


class DevProvider:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.issuer = dev_issuer(settings)
        self.key = _load_or_create_key(Path(settings.data_dir) / "dev-sso" / "signing-key.pem")
        der = self.key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
        self.kid = hashlib.sha256(der).hexdigest()[:16]
        self.codes = Path(settings.data_dir) / "dev-sso" / "codes"
        self.codes.mkdir(parents=True, exist_ok=True)

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_basic"],
            "grant_types_supported": ["authorization_code"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.get_algorithm_by_name("RS256").to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize_request(self, params: dict[str, str]) -> AuthorizeRequest:
        """Check an authorization request; a bad one is shown as an error, never redirected."""
        if params.get("response_type") != "code":
            raise BadRequest(detail="response_type must be code")
        if params.get("client_id") != self.settings.sso_client_id:
            raise BadRequest(detail="unknown client_id")
        if not params.get("redirect_uri"):
            raise BadRequest(detail="redirect_uri is required")
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            raise BadRequest(detail="PKCE with code_challenge_method=S256 is required")
        return AuthorizeRequest(params["client_id"], params["redirect_uri"],
                                params["code_challenge"], params.get("state", ""),
                                params.get("nonce", ""))

    def issue_code(self, request: AuthorizeRequest, person: DemoPerson) -> str:
        """Store a code for `person` and return where to send the browser back to."""
        code = secrets.token_urlsafe(32)
        self._sweep()
        record = {"person": person.key, "client_id": request.client_id,
                  "redirect_uri": request.redirect_uri, "challenge": request.code_challenge,
                  "nonce": request.nonce, "expires": time.time() + CODE_TTL}
        self._code_path(code).write_text(json.dumps(record))
        query = {"code": code, **({"state": request.state} if request.state else {})}
        separator = "&" if "?" in request.redirect_uri else "?"
        return request.redirect_uri + separator + urlencode(query)

    def redeem(self, form: dict[str, str], basic: tuple[str, str] | None) -> tuple[int, dict]:
        """The token endpoint: (HTTP status, JSON body) per RFC 6749 §5."""
        client_id = basic[0] if basic else form.get("client_id")
        secret = self.settings.sso_client_secret
        if client_id != self.settings.sso_client_id or (
                secret and not hmac.compare_digest((basic or ("", ""))[1], secret)):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        record = self._take(form.get("code", ""))
        if (record is None or record["expires"] < time.time()
                or record["redirect_uri"] != form.get("redirect_uri")
                or not hmac.compare_digest(_s256(form.get("code_verifier", "")),
                                           record["challenge"])):
            return 400, {"error": "invalid_grant"}
        person = demo_person(record["person"])
        if person is None:
            return 400, {"error": "invalid_grant"}
        return 200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
                     "expires_in": ID_TOKEN_TTL,
                     "id_token": self.id_token(person, record["client_id"], record["nonce"])}

    def id_token(self, person: DemoPerson, audience: str, nonce: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "sub": person.id_number, "aud": audience, "iat": now,
            "exp": now + ID_TOKEN_TTL, "auth_time": now, **person.claims(),
            self.settings.sso_id_claim: person.id_number,
        }
        if nonce:
            claims["nonce"] = nonce
        if person.assurance_level is not None:
            claims["acr"] = f"vneid:level{person.assurance_level}"
        if person.officer_agency:
            claims[self.settings.sso_officer_claim or DEV_OFFICER_CLAIM] = (
                person.officer_agency if person.staff_role == "officer"
                else f"{person.staff_role}:{person.officer_agency}")
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def _code_path(self, code: str) -> Path:
        return self.codes / hashlib.sha256(code.encode()).hexdigest()

    def _take(self, code: str) -> dict | None:
        path = self._code_path(code)
        try:
            record = json.loads(path.read_text())
            path.unlink()  # only one redeemer's unlink succeeds: the code is single-use
        except (OSError, ValueError):
            return None
        return record

    def _sweep(self) -> None:
        cutoff = time.time() - CODE_TTL
        for path in self.codes.iterdir():
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass
