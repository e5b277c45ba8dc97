"""The issue's "done when": on `motcua serve` with its demo data and no configuration, the demo
citizen sees the online saving and follows a refund to its end (scripts/demo_refund.py), over
HTTP only; the account they give for the refund never reaches the server's log."""

import subprocess
import sys
from pathlib import Path

from tests.serve_support import serving

ROOT = Path(__file__).resolve().parents[2]


def test_demo_citizen_sees_the_saving_and_a_refund_to_its_end(tmp_path):
    with serving(tmp_path) as base:
        walked = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "demo_refund.py"), "--base", base],
            cwd=ROOT, capture_output=True, text=True, timeout=180)
        log = (tmp_path / "serve.log").read_text()
    assert walked.returncode == 0, f"{walked.stdout}\n{walked.stderr}\n--- serve log:\n{log}"
    out = walked.stdout
    assert "(saving 10000)" in out and "refund journey complete" in out, out
    assert "Đã hoàn tiền" in out, out
    assert "0011004567890" not in log
