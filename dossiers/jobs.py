"""Jobs of the dossiers domain. The lifecycle itself runs none: every transition publishes its
event (jobs.publish) and the consumers — notifications, postal return, national sync — are
jobs of their own domains, subscribed by topic ("dossier.*"). A consumer that belongs to the
dossier lifecycle is listed here."""

from __future__ import annotations

JOBS: list = []
PERIODIC: list = []
