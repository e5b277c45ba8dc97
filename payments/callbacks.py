"""The callback pipeline: the provider checks authenticity (nothing is written for a forged or
stale message), normalises the message into events, and each event takes the one settle path.
The gateway then gets the answer its protocol expects."""

from __future__ import annotations

import logging

from payments import registry
from payments.problems import UnknownProvider
from payments.provider import Acknowledgement, CallbackRejected, Inbound
from payments.settle import apply_event

log = logging.getLogger("motcua.payments")


async def receive(provider_name: str, inbound: Inbound) -> Acknowledgement:
    provider = registry.get(provider_name)
    if provider is None:
        raise UnknownProvider()
    try:
        provider.verify_callback(inbound)
        events = provider.parse_event(inbound)
    except CallbackRejected as rejected:
        log.warning("callback from %s rejected: %s", provider_name, rejected.reason)
        if rejected.ack.problem is not None:
            raise rejected.ack.problem(detail=rejected.reason) from None
        return rejected.ack
    outcomes = [await apply_event(provider.name, event) for event in events]
    log.info("callback from %s: %s", provider_name, ",".join(outcomes) or "no events")
    # Recorded (applied, duplicate, sent to review or nothing to do): the gateway may stop
    # retrying. An error above answers 500 and the gateway's retry brings the message back.
    return provider.acknowledge(True)
