"""Embedded mode: accept every record and keep it, so a person or a test can see what would have
been sent. Refused in production (settings), like every sandbox provider."""

from __future__ import annotations

import json

from core.settings import Settings
from models.national_sync import NationalSyncSandboxRecord
from national_sync.record import NationalRecord
from national_sync.target import TARGETS, SendResult


def _kept(fields: dict) -> dict:
    """The record as kept here: the ID number masked, since this table is no national system."""
    kept = dict(fields)
    if kept.get("SoDinhDanh"):
        kept["SoDinhDanh"] = "*" * 8 + str(kept["SoDinhDanh"])[-4:]
    return kept


class SandboxTarget:
    name = "sandbox"

    async def send(self, record: NationalRecord) -> SendResult:
        """Idempotent by (dossier, sequence), as the portal is: a record sent again (its sender
        died before marking it accepted, and another took the dossier's lease over) is accepted
        and not kept twice. Senders of one dossier take turns (national_sync/ordering.py), so
        the check and the insert are not raced."""
        if await NationalSyncSandboxRecord.exists().where(
                (NationalSyncSandboxRecord.dossier == record.dossier_id)
                & (NationalSyncSandboxRecord.sequence == record.sequence)):
            return SendResult.accepted()
        await NationalSyncSandboxRecord.insert(NationalSyncSandboxRecord(
            dossier=record.dossier_id, dossier_code=record.code, sequence=record.sequence,
            record=json.dumps(_kept(record.fields), ensure_ascii=False),
        ))
        return SendResult.accepted()

    async def close(self) -> None:
        return None


class SandboxTargets:
    name = "sandbox"

    def configured(self, settings: Settings) -> bool:
        return False  # chosen only when no real target is (national_sync.target.target_for)

    def build(self, settings: Settings) -> SandboxTarget:
        return SandboxTarget()


TARGETS.register(SandboxTargets())
