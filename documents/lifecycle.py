"""Startup of the documents domain: the settings the signer and the verify address follow, and
in development the local CA with one certificate per agency, made on the first start (not during
the first officer's request)."""

from __future__ import annotations

import logging
from pathlib import Path

import anyio

from documents import dev_ca, issuing
from documents.signer import AgencyIdentity, usable_unit_code
from models.catalogue import Agency

log = logging.getLogger("motcua.documents")


async def on_startup(app) -> None:
    settings = app.state.settings
    issuing.configure(settings)
    if settings.signing_dir is not None or settings.production:
        return
    try:
        rows = await Agency.select(Agency.unit_code, Agency.name_vi, Agency.name_en)
    except Exception as exc:  # noqa: BLE001 - a database not migrated yet: made at first use
        log.info("agency certificates not prepared at startup (%s)", type(exc).__name__)
        return
    agencies = [AgencyIdentity(**row) for row in rows if usable_unit_code(row["unit_code"])]
    root = Path(settings.data_dir) / "signing"

    def prepare() -> None:
        for agency in agencies:
            dev_ca.ensure_agency(root, agency)

    await anyio.to_thread.run_sync(prepare)
