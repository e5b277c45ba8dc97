"""Jobs: delivering webhook messages, and raising the operator alert when an endpoint is
disabled."""

from __future__ import annotations

import logging
from typing import Any

from jobs.spec import JobSpec, RetryPolicy
from postal.webhooks.delivery import ALERT_TOPIC, TIMEOUT_SECONDS, deliver
from postal.webhooks.messages import DELIVER_JOB

log = logging.getLogger("motcua.ops.alerts")

# The delivery handler schedules its own retries (RetryLater, Standard Webhooks schedule) and
# stops by itself; this policy only covers unexpected errors such as a database hiccup.
UNEXPECTED = RetryPolicy(max_attempts=1000, base_seconds=5.0, max_delay_seconds=3600.0)


async def alert(payload: dict[str, Any]) -> None:
    """The operator alert: an ERROR line for log-based alerting (the endpoint list shows it too)."""
    log.error("ALERT webhook endpoint %s disabled: %s", payload.get("partner"),
              payload.get("reason"))


JOBS = [
    JobSpec(DELIVER_JOB, deliver, retry=UNEXPECTED, timeout_seconds=TIMEOUT_SECONDS + 20),
    JobSpec("ops.webhook_alert", alert, topics=(ALERT_TOPIC,)),
]
