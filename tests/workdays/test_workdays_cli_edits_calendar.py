"""`motcua calendar` edits the table an operator sees in `list`, in a real process on SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def motcua(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "DATA_DIR": str(tmp_path), "APP_ENV": "development"}
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_operator_adds_lists_and_removes_days(tmp_path):
    assert motcua(tmp_path, "migrate").returncode == 0
    added = motcua(tmp_path, "calendar", "add-day-off", "2026-10-16", "--note-en", "Storm")
    assert added.returncode == 0, added.stderr
    assert motcua(tmp_path, "calendar", "add-working-day", "2026-10-17").returncode == 0

    listed = motcua(tmp_path, "calendar", "list", "2026").stdout
    assert "2026-10-16 Fri day_off" in listed and "Storm" in listed
    assert "2026-10-17 Sat working_day" in listed
    assert "2026-02-17 Tue day_off" in listed  # statutory days are listed too

    assert motcua(tmp_path, "calendar", "remove", "2026-10-16").returncode == 0
    assert "2026-10-16" not in motcua(tmp_path, "calendar", "list", "2026").stdout


def test_removing_a_day_without_override_fails_clearly(tmp_path):
    assert motcua(tmp_path, "migrate").returncode == 0
    result = motcua(tmp_path, "calendar", "remove", "2026-10-16")
    assert result.returncode != 0
    assert "No override on this day" in result.stderr
