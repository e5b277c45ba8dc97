"""The file signer: each agency's key and certificate chain in files, one directory per agency
under MOTCUA_SIGNING_DIR (`<unit code>/`): either `signer.p12` (PKCS#12, with its passphrase in
`passphrase` beside it when it has one) or PEM files `key.pem`, `cert.pem` and `chain.pem` (the
issuing CAs, trust anchor last). Without MOTCUA_SIGNING_DIR (development only) the directories
are made by documents.dev_ca under `<MOTCUA_DATA_DIR>/signing`.

PAdES level: with a time-stamping authority (MOTCUA_TSA_URL) and its roots (MOTCUA_TSA_ROOTS_FILE)
the signature carries a signature timestamp and the chains' validation data (PAdES-B-LT;
revocation data fetched where the certificates name OCSP responders or CRLs); with a TSA alone,
the timestamp (PAdES-B-T); without one, PAdES-B-B. A TSA that does not answer makes the result
wait (503 `signing-unavailable`), never go out unsigned."""

from __future__ import annotations

import io
import threading
from pathlib import Path

from asn1crypto import x509
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko_certvalidator import ValidationContext

from core.settings import Settings
from documents import dev_ca, signer_registry
from documents.signer import AgencyIdentity, SignerUnavailable, usable_unit_code

FIELD_NAME = "motcua-ket-qua"


class FileSigner:
    name = "files"

    def __init__(self, settings: Settings) -> None:
        self.development = settings.signing_dir is None and not settings.production
        self.root = Path(settings.signing_dir or Path(settings.data_dir) / "signing")
        self.tsa_url = settings.tsa_url
        # The TSA's chain is validated too before its revocation data is embedded: its roots
        # come from MOTCUA_TSA_ROOTS_FILE.
        self.tsa_roots = (list(load_certs_from_pemder([str(settings.tsa_roots_file)]))
                          if settings.tsa_roots_file else [])
        self._signers: dict[str, signers.SimpleSigner] = {}
        self._lock = threading.Lock()

    def _folder(self, agency: AgencyIdentity) -> Path:
        if not usable_unit_code(agency.unit_code):
            raise SignerUnavailable("unusable agency unit code")
        if self.development:
            return dev_ca.ensure_agency(self.root, agency)
        return self.root / agency.unit_code

    def _signer(self, agency: AgencyIdentity) -> signers.SimpleSigner:
        with self._lock:
            if agency.unit_code not in self._signers:
                self._signers[agency.unit_code] = self._load(self._folder(agency))
            return self._signers[agency.unit_code]

    @staticmethod
    def _load(folder: Path) -> signers.SimpleSigner:
        p12 = folder / "signer.p12"
        passphrase_file = folder / "passphrase"
        passphrase = passphrase_file.read_bytes().strip() if passphrase_file.exists() else None
        loaded = None
        if p12.exists():
            loaded = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase)
        elif (folder / "key.pem").exists() and (folder / "cert.pem").exists():
            chain = [str(folder / "chain.pem")] if (folder / "chain.pem").exists() else None
            loaded = signers.SimpleSigner.load(str(folder / "key.pem"), str(folder / "cert.pem"),
                                               ca_chain_files=chain, key_passphrase=passphrase)
        if loaded is None:  # the path only: it names the agency, never the key
            raise SignerUnavailable(f"no usable signing key in {folder}")
        return loaded

    def chain(self, agency: AgencyIdentity) -> list[x509.Certificate]:
        signer = self._signer(agency)
        own = signer.signing_cert
        assert own is not None  # _signer loaded it from the key file
        others = [c for c in signer.cert_registry if c.dump() != own.dump()]
        folder = self._folder(agency)
        if (folder / "chain.pem").exists():  # keep the file's order: anchor last
            others = list(load_certs_from_pemder([str(folder / "chain.pem")]))
        return [own, *others]

    def sign(self, pdf: bytes, agency: AgencyIdentity, *, reason: str) -> bytes:
        signer = self._signer(agency)
        chain = self.chain(agency)
        timestamper = timestamps.HTTPTimeStamper(self.tsa_url) if self.tsa_url else None
        long_term = timestamper is not None and bool(self.tsa_roots)
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, reason=reason, location=agency.name_vi,
            name=agency.name_vi, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            embed_validation_info=long_term,
            validation_context=ValidationContext(
                trust_roots=[chain[-1], *self.tsa_roots], other_certs=chain[1:],
                allow_fetching=True,
            ) if long_term else None,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        try:
            out = signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(writer)
        except Exception as exc:  # a TSA that does not answer, a chain that does not validate
            raise SignerUnavailable(f"signing failed: {type(exc).__name__}") from None
        return out.getvalue()


signer_registry.register(FileSigner.name, FileSigner)
