"""The issue's "done when": the journeys run against `motcua serve` with its demo data and no
configuration at all, over HTTP only (scripts/demo_journey.py, as the README tells a newcomer
to run it): one to a paper result delivered by the sandbox courier, one through attachments, a
supplement request and its answer, a card payment and an electronic result downloaded with the
SHA-256 it was issued with, signed by the agency (pdfsig finds the signature valid), kept in the
citizen's document store and reused by a second, pre-filled dossier. Personal data the citizen
typed, or that their identity carries, never reaches the server's log."""

import subprocess
import sys
from pathlib import Path

from tests.serve_support import serving

ROOT = Path(__file__).resolve().parents[2]
PERSONAL = ("0912345678", "+84912345678", "001090012345", "Hàng Bài", "Nguyễn Văn An")


def test_both_demo_journeys_reach_status_10_on_a_fresh_serve(tmp_path):
    with serving(tmp_path) as base:
        walked = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "demo_journey.py"), "--base", base],
            cwd=ROOT, capture_output=True, text=True, timeout=240)
        log = (tmp_path / "serve.log").read_text()
    assert walked.returncode == 0, f"{walked.stdout}\n{walked.stderr}\n--- serve log:\n{log}"
    out = walked.stdout
    assert "postal journey complete" in out and "electronic journey complete" in out, out
    assert "delivered: dossier status 10" in out, out
    assert "SHA-256 as issued" in out and "result handed over: status 10" in out, out
    assert "/v1/results/verify: issued by" in out, out
    assert "pdfsig: Signature is Valid, total document signed" in out, out
    assert "second dossier (DN.XNC.001) pre-filled from the identity: gioi_tinh, ho_ten" in out
    assert "second dossier reuses" in out and "(same SHA-256, no upload)" in out, out
    assert ("dossier.supplement_requested → dossier.supplemented → dossier.payment_requested"
            " → dossier.paid → dossier.result_ready → dossier.result_returned") in out, out
    leaked = [value for value in PERSONAL if value in log]
    assert not leaked, f"personal data in the server's log: {leaked}"
