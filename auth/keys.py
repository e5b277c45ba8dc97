"""The key that signs this service's access tokens (ES256, P-256) and its public JWKS.

In production the PEM comes from MOTCUA_TOKEN_KEY_FILE (settings refuse to start without it). In
development a key is generated once under the data directory, readable by the owner only, so
tokens survive a restart and every worker process on the machine signs with the same key."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from core.settings import Settings

ALGORITHM = "ES256"
DEV_KEY_NAME = "token-signing-key.pem"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey

    @property
    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self.private_key.public_key()

    def public_jwk(self) -> dict[str, Any]:
        jwk = json.loads(ECAlgorithm.to_jwk(self.public_key))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}


def _thumbprint(public_key: ec.EllipticCurvePublicKey) -> str:
    """RFC 7638 JWK thumbprint: a kid that changes exactly when the key does."""
    jwk = json.loads(ECAlgorithm.to_jwk(public_key))
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode())
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def _from_pem(pem: bytes) -> SigningKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError("the token signing key must be an EC P-256 private key (ES256)")
    return SigningKey(kid=_thumbprint(key.public_key()), private_key=key)


def _generate_dev_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, pem)
    finally:
        os.close(fd)
    try:
        # link() fails if another process got there first; then everyone uses that one key.
        os.link(temp, path)
    except FileExistsError:
        pass
    finally:
        temp.unlink(missing_ok=True)


@lru_cache(maxsize=8)
def _load(path: Path, generate: bool) -> SigningKey:
    if generate and not path.exists():
        _generate_dev_key(path)
    return _from_pem(path.read_bytes())


def signing_key(settings: Settings) -> SigningKey:
    return _key_for(settings.token_signing_key_file, settings.data_dir)


@lru_cache(maxsize=8)
def _key_for(key_file: str | None, data_dir: str) -> SigningKey:
    # Called on every authenticated request: the path is resolved once per setting.
    if key_file is not None:
        return _load(Path(key_file).resolve(), False)
    return _load((Path(data_dir) / DEV_KEY_NAME).resolve(), True)


def jwks(settings: Settings) -> dict[str, Any]:
    return {"keys": [signing_key(settings).public_jwk()]}
