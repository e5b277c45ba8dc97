"""Postal return of results (Decision 45/2016/QĐ-TTg): bookings, partners, their callbacks."""

# Whatever loads postal (the API, the job worker) makes postage chosen "with the fee" payable:
# payments asks the dossier's registered charges and never imports postal (dossiers/charges.py).
from postal import charges as _charges  # noqa: E402

_charges.register()
