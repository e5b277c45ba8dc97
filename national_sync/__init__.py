"""Synchronisation of dossier statuses with the national public service portal (Cổng Dịch vụ
công quốc gia).

Every dossier transition publishes a `dossier.*` event; the `national_sync.push` job re-reads the
dossier, builds the national record (`record.py`) and hands it to the configured target, a plugin
(`target.py`): `http` posts to NATIONAL_SYNC_URL, `sandbox` keeps it in a table in embedded mode.
`ordering.py` keeps records in order per dossier."""
