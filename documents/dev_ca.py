"""Development signing certificates: a local CA and one certificate per agency, made on first
use under `<MOTCUA_DATA_DIR>/signing/` in the layout the file signer reads in production
(`<unit code>/key.pem`, `cert.pem`, `chain.pem`). Refused in production (core.settings): real
agencies sign with certificates from a licensed CA, placed in MOTCUA_SIGNING_DIR.

Several processes may start together: a lock file makes one of them write, and files appear
under their final names only when complete."""

from __future__ import annotations

import fcntl
import os
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from core import clock
from documents.signer import AgencyIdentity, usable_unit_code

CA_NAME = "motcua development CA (not trusted outside development)"
VALID_DAYS = 3650


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    temp = path.with_suffix(path.suffix + ".part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(temp, path)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _builder(subject: x509.Name, issuer: x509.Name, public_key,
             days: int) -> x509.CertificateBuilder:
    now = clock.now()
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=days)))


def _ensure_ca(root: Path) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key_path, cert_path = root / "ca" / "ca-key.pem", root / "ca" / "ca.pem"
    if not cert_path.exists():
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        key = _key()
        name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua"),
                          x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        cert = (_builder(name, name, key.public_key(), VALID_DAYS)
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                             False), critical=True)
                .add_extension(ski, critical=False)
                .sign(key, hashes.SHA256()))
        _write(key_path, _key_pem(key), 0o600)
        _write(cert_path, _cert_pem(cert))
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(cert_path.read_bytes())  # type: ignore[return-value]


def _agency_cert(agency: AgencyIdentity, ca_key, ca_cert: x509.Certificate,
                 key: rsa.RSAPrivateKey) -> x509.Certificate:
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.name_vi[:64]),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, agency.unit_code),
        x509.NameAttribute(NameOID.COMMON_NAME, agency.name_vi[:64]),
    ])
    return (_builder(subject, ca_cert.subject, key.public_key(), VALID_DAYS - 1)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            # digitalSignature + nonRepudiation (contentCommitment): a signature on a document.
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                                  x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")]),
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))


def ensure_agency(root: Path, agency: AgencyIdentity) -> Path:
    """The agency's directory under `root`, with key, certificate and chain made if missing."""
    if not usable_unit_code(agency.unit_code):
        raise ValueError("unusable agency unit code")
    folder = root / agency.unit_code
    if (folder / "chain.pem").exists():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "chain.pem").exists():
            ca_key, ca_cert = _ensure_ca(root)
            folder.mkdir(parents=True, exist_ok=True)
            key = _key()
            _write(folder / "key.pem", _key_pem(key), 0o600)
            _write(folder / "cert.pem", _cert_pem(_agency_cert(agency, ca_key, ca_cert, key)))
            _write(folder / "chain.pem", _cert_pem(ca_cert))  # the last file: marks it complete
    return folder
