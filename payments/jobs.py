"""Payment jobs: refunds when a paid dossier closes; an open payment rechecked when a charge in
it is no longer due; the reconciliation sweep."""

from jobs.spec import JobSpec, PeriodicSpec
from payments import fee_difference
from payments.extras import NO_LONGER_DUE, RECHECK_JOB
from payments.reconcile import sweep
from payments.refunds import on_dossier_closed
from payments.service import recheck_extras

JOBS = [
    JobSpec(name="payments.refund_on_close", handler=on_dossier_closed,
            topics=("dossier.refused", "dossier.stopped", "dossier.withdrawn"),
            timeout_seconds=60.0),
    JobSpec(name=RECHECK_JOB, handler=recheck_extras, topics=NO_LONGER_DUE,
            timeout_seconds=60.0),
    JobSpec(name="payments.fee_corrected", handler=fee_difference.on_fee_corrected,
            topics=("dossier.fee_corrected",), timeout_seconds=60.0),
]

PERIODIC = [
    PeriodicSpec(name="payments.reconcile", handler=sweep, every_seconds=300.0),
]
