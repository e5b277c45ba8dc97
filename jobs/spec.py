"""What a job is: a named async handler of an outbox payload, with a retry policy."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff, each delay drawn between half and all of its ceiling so retries of
    many rows spread out. arq retries only on `Retry`; every job here gets this policy."""

    max_attempts: int = 10
    base_seconds: float = 2.0
    factor: float = 2.0
    max_delay_seconds: float = 3600.0
    jitter: bool = True

    def delay(self, attempt: int) -> float:
        """Seconds to wait before attempt number `attempt + 1` (attempt counts from 1)."""
        ceiling = min(self.max_delay_seconds, self.base_seconds * self.factor ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling) if self.jitter else ceiling


class RetryLater(Exception):
    """Raise from a handler to be retried after `seconds` (e.g. a partner's Retry-After)."""

    def __init__(self, seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"retry in {seconds}s")
        self.seconds = seconds


class GiveUp(Exception):
    """Raise from a handler when retrying cannot help; the event is marked dead at once."""


@dataclass(frozen=True)
class JobSpec:
    name: str
    handler: Handler
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout_seconds: float = 60.0
    # Events this job consumes: `jobs.publish(topic, …)` writes one outbox row per subscriber.
    # A topic ending in ".*" matches every topic with that prefix ("dossier.*").
    topics: tuple[str, ...] = ()
    # A person waits for what it does (a status change's notice, its pushes): the runner gives
    # it slots that background work cannot fill (jobs.local).
    urgent: bool = False

    def subscribes_to(self, topic: str) -> bool:
        return any(
            topic == wanted or (wanted.endswith(".*") and topic.startswith(wanted[:-1]))
            for wanted in self.topics
        )


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    handler: Callable[[], Awaitable[None]]
    every_seconds: float
