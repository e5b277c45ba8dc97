"""The citizen's document store (kho quản lý dữ liệu điện tử, Decree 45/2020 Art. 14(3)):
electronic results signed by the issuing agency, documents kept for reuse, and the check anyone
can run on a result."""

# Whatever loads documents signs the results dossiers issue and keeps them in the applicant's
# store: the dossier lifecycle never imports documents, which builds on it
# (dossiers/result_issuer.py).
from documents import issuing as _issuing
from documents import store as _store
from dossiers import result_issuer as _result_issuer

_result_issuer.use_signer(_issuing.sign_result)
_result_issuer.on_issued(_store.add_issued_result)
