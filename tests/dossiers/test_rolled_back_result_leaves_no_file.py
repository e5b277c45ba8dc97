"""A result file stored inside a transaction that then rolls back — the officer's finish failing
after the file was written, by error, cancellation or by hand — is deleted again
(core.db.after_rollback); after a commit it stays, and nested blocks share the outer outcome."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from auth.principal import Principal
from core.db import after_commit, after_rollback, current_engine, transaction
from dossiers.results import add_electronic_result
from dossiers.storage import LocalStorage, use_storage
from models.dossiers import DossierResult
from tests.auth_helpers import create_person
from tests.dossier_files_support import BIRTH_SERVICE, PDF, Citizen, dossier_for


class Boom(Exception):
    pass


async def _setting(tmp_path):
    files = tmp_path / "files"
    use_storage(LocalStorage(files))
    owner = Citizen(await create_person(), {})
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="processing",
                                code="000.00.01.H22-261122-0009")
    officer = Principal(person_id=uuid.uuid4(), role="officer", session_id=uuid.uuid4(),
                        agency_id=dossier["agency"])
    return files, dossier, officer


def _stored(files) -> list:
    return [p for p in files.rglob("*") if p.is_file()] if files.exists() else []


async def test_a_failed_finish_leaves_neither_row_nor_file(db, tmp_path):
    files, dossier, officer = await _setting(tmp_path)
    with pytest.raises(Boom):
        async with transaction():
            await add_electronic_result(dossier, "kq.pdf", PDF, "application/pdf", officer)
            assert len(_stored(files)) == 1  # stored, its row not yet committed
            raise Boom()  # what the rest of the finish might do
    assert await DossierResult.count() == 0
    assert _stored(files) == []


async def test_a_committed_result_keeps_its_file(db, tmp_path):
    files, dossier, officer = await _setting(tmp_path)
    async with transaction():
        await add_electronic_result(dossier, "kq.pdf", PDF, "application/pdf", officer)
    assert await DossierResult.count() == 1
    assert len(_stored(files)) == 1


async def test_rollback_hooks_run_on_error_cancel_and_by_hand_never_after_commit(db):
    ran: list[str] = []

    def note(what: str):
        async def callback() -> None:
            ran.append(what)
        return callback

    async with transaction():
        after_rollback(note("committed"))
        after_commit(note("commit"))
    with pytest.raises(Boom):
        async with transaction():
            async with transaction():  # nested: registers with the outermost block
                after_rollback(note("error"))
            raise Boom()
    async with transaction() as txn:
        after_rollback(note("by hand"))
        await txn.rollback()

    started = asyncio.Event()

    async def cancelled() -> None:
        async with transaction():
            after_rollback(note("cancelled"))
            started.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(cancelled())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert ran == ["commit", "error", "by hand", "cancelled"]


async def test_inside_a_bare_engine_transaction_neither_hook_runs(db):
    ran: list[str] = []

    async def callback() -> None:
        ran.append("ran")

    async with current_engine().transaction():
        async with transaction():
            after_rollback(callback)
            after_commit(callback)
    assert ran == []
