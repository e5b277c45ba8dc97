"""`motcua grant-officer` in a real process on SQLite: the operator's way to make an officer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def motcua(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "MOTCUA_DATA_DIR": str(tmp_path), "APP_ENV": "development"}
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def _seed(tmp_path: Path) -> str:
    person_id = str(uuid.uuid4())
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        db.execute("INSERT INTO agency (unit_code, name_vi, name_en, province_code) "
                   "VALUES ('000.00.01.H22', 'Sở Tư pháp', 'Department of Justice', '01')")
        db.execute("INSERT INTO person (id, id_number, created_at) VALUES (?, ?, ?)",
                   (person_id, "001099012345", "2026-11-22 00:00:00+00:00"))
    return person_id


def _role(tmp_path: Path, person_id: str) -> tuple[str, str | None]:
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        return db.execute(
            "SELECT person.role, agency.unit_code FROM person "
            "LEFT JOIN agency ON agency.id = person.agency WHERE person.id = ?", (person_id,)
        ).fetchone()


def test_operator_grants_and_takes_away_an_officer_role(tmp_path):
    assert motcua(tmp_path, "migrate").returncode == 0
    person_id = _seed(tmp_path)

    granted = motcua(tmp_path, "grant-officer", "--person", person_id, "--agency", "000.00.01.H22")
    assert granted.returncode == 0, granted.stderr
    assert _role(tmp_path, person_id) == ("officer", "000.00.01.H22")

    back = motcua(tmp_path, "grant-officer", "--person", person_id, "--agency", "000.00.01.H22",
                  "--role", "citizen")
    assert back.returncode == 0, back.stderr
    assert _role(tmp_path, person_id) == ("citizen", None)


def test_unknown_agency_fails_clearly_and_changes_nothing(tmp_path):
    assert motcua(tmp_path, "migrate").returncode == 0
    person_id = _seed(tmp_path)
    result = motcua(tmp_path, "grant-officer", "--person", person_id, "--agency", "999.99.99.X00")
    assert result.returncode != 0
    assert "No agency with this unit code" in result.stderr
    assert "Traceback" not in result.stderr
    assert _role(tmp_path, person_id) == ("citizen", None)
