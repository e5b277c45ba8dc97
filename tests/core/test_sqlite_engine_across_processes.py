"""The embedded engine across OS processes: two processes writing one file both succeed, and a
process exits promptly after using the engine, whether it closes it or forgets to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1].joinpath("sqlite_counter_script.py")
ROOT = Path(__file__).resolve().parents[2]


def _start(url: str, times: int, mode: str = "close") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), url, str(times), mode],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def _finish(process: subprocess.Popen) -> str:
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("the process did not exit: a database connection kept it alive")
    assert process.returncode == 0, err
    return out.strip()


def test_two_processes_write_one_file_without_lock_errors(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    assert _finish(_start(url, 0)) == "0"  # create the table first
    writers = [_start(url, 25), _start(url, 25)]
    for writer in writers:
        _finish(writer)
    assert _finish(_start(url, 0)) == "50"


@pytest.mark.parametrize("mode", ["close", "forget"])
def test_process_exits_after_using_the_engine(tmp_path, mode):
    url = f"sqlite:///{tmp_path / 'exit.sqlite3'}"
    assert _finish(_start(url, 5, mode)) == "5"
