"""Citizens' ratings of how a dossier was served (the satisfaction indicator)."""

# Whatever loads ratings shows the applicant's rating in the dossier's detail: the dossier
# lifecycle never imports ratings, which builds on it (dossiers/detail_parts.py).
from ratings import rating as _rating

_rating.register()
