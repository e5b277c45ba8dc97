"""Embedded mode (no NATIONAL_SYNC_URL): the sandbox target keeps each record it would have sent,
so a person can see it; production without a portal endpoint refuses to start."""

import dataclasses
import json

import pytest

from app.domains import check_settings
from core.settings import ConfigurationError
from models.national_sync import NationalSyncSandboxRecord
from national_sync.http_target import HttpTarget, NationalSyncSettings
from national_sync.record import NationalRecord
from national_sync.sandbox_target import SandboxTarget
from national_sync.target import target_for, target_names
from tests.national_sync_support import APPLICANT_ID_NUMBER, announce, make_dossier, until


async def sandbox_records() -> list:
    return await NationalSyncSandboxRecord.select().order_by(NationalSyncSandboxRecord.id)


async def test_status_change_in_embedded_mode_lands_in_the_sandbox(client):
    dossier = await make_dossier("received")

    await announce(dossier["id"], "received", key="1")  # the app's own runner picks it up

    await until(lambda: NationalSyncSandboxRecord.count())
    [kept] = await sandbox_records()
    record = json.loads(kept["record"]) if isinstance(kept["record"], str) else kept["record"]
    assert kept["dossier_code"] == dossier["code"] and kept["sequence"] == dossier["version"]
    assert record["MaHoSo"] == dossier["code"] and record["TrangThaiHoSo"] == "2"
    assert record["NgayTiepNhan"] == "20260302083000"
    # The sandbox is no national system: it keeps only the end of the ID number.
    assert record["SoDinhDanh"].endswith(APPLICANT_ID_NUMBER[-4:])
    assert APPLICANT_ID_NUMBER not in json.dumps(record)


async def test_a_record_sent_again_is_accepted_and_kept_once(db):
    """At least once: a sender killed before marking its record accepted leaves it to the next,
    which sends it again; like the portal, the sandbox keeps one record per (dossier, sequence)."""
    dossier = await make_dossier("received")
    target = SandboxTarget()
    record = NationalRecord(dossier_id=dossier["id"], code=dossier["code"], sequence=4,
                            status_code=2, fields={"MaHoSo": dossier["code"]})
    first, again = await target.send(record), await target.send(record)
    newer = await target.send(dataclasses.replace(record, sequence=5))

    assert {first.outcome, again.outcome, newer.outcome} == {"accepted"}
    assert [(r["dossier_code"], r["sequence"]) for r in await sandbox_records()] == [
        (dossier["code"], 4), (dossier["code"], 5)]


async def test_targets_follow_the_settings(settings):
    assert target_names() == ["http", "sandbox"]
    assert isinstance(target_for(settings), SandboxTarget)
    configured = dataclasses.replace(settings, plugins=(NationalSyncSettings(
        url="https://portal.example/dongbo", token="t"),))
    http = target_for(configured)
    assert isinstance(http, HttpTarget) and http.url == "https://portal.example/dongbo"
    await http.close()
    nowhere = dataclasses.replace(settings, sandbox_providers=False)
    with pytest.raises(ConfigurationError, match="NATIONAL_SYNC_URL"):
        target_for(nowhere)


def test_production_without_a_portal_endpoint_refuses_to_start(settings):
    production = dataclasses.replace(settings, app_env="production", dev_sign_in=False,
                                     sandbox_providers=False, sso_issuer="https://sso.example")
    with pytest.raises(ConfigurationError, match="NATIONAL_SYNC_URL"):
        check_settings(production)
