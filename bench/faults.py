"""The fault-injection suite, for an operator: the production topology (a fresh PostgreSQL
database, `motcua serve --workers 1`, one `motcua worker`, a private Redis started for the run,
a local FCM) with the worker killed by SIGKILL and Redis stopped, frozen and restarted empty
during a stream of status changes; it fails if any request answers 5xx or hangs, if the worker
does not survive Redis faults by itself, if an outbox row is left behind or a push is lost or
sent twice (beyond the documented at-least-once of a push the killed worker was sending).

    uv run python bench/faults.py [pytest options]

Needs PostgreSQL (MOTCUA_TEST_PG, default postgresql://postgres@127.0.0.1:5432/postgres) and
redis-server on PATH; MOTCUA_FAULT_REDIS_PORTS=6390-6399 picks the private Redis's port from a
range. About a minute and a half on two cores. The same suite runs in CI (`.ci/run`), where it
is marked `faults`: `./dev test -m faults` runs it alone, `-m "not faults"` leaves it out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = "tests/jobs/test_faults_never_become_errors_and_every_push_arrives.py"

if __name__ == "__main__":
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", SUITE, "-m", "faults", "-v",
                              *sys.argv[1:]], cwd=ROOT, env={**os.environ, "CI": "true"}))
