"""Postal jobs: send bookings when results are ready, cancel them when the dossier closes
otherwise; the sandbox partner's delivery steps."""

from jobs.spec import JobSpec, RetryPolicy
from postal.booking import SEND_JOB
from postal.cancelling import CLOSING_TOPICS, on_dossier_closed
from postal.dispatch import on_result_ready, send_booking_job
from postal.partners.sandbox import STEP_JOB, step_job

JOBS = [
    JobSpec(name="postal.on_result_ready", handler=on_result_ready,
            topics=("dossier.result_ready",), timeout_seconds=60.0),
    JobSpec(name="postal.cancel_on_close", handler=on_dossier_closed, topics=CLOSING_TOPICS,
            timeout_seconds=60.0),
    JobSpec(name=SEND_JOB, handler=send_booking_job, timeout_seconds=60.0),
    JobSpec(name=STEP_JOB, handler=step_job, timeout_seconds=30.0,
            retry=RetryPolicy(max_attempts=8, base_seconds=1.0)),
]
