"""Publishing domain events to the jobs that consume them.

A state change calls `publish` inside its transaction; each job whose spec subscribes to the topic
gets its own outbox row, so one slow or failing consumer (a push service, a postal partner, the
national portal) never holds up or loses another's copy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.clock import now
from jobs.outbox import Job, Wake, enqueue_all, new_row, wake
from jobs.spec import JobSpec

_jobs: tuple[JobSpec, ...] = ()


def use_subscribers(specs: Iterable[JobSpec]) -> None:
    """The jobs `publish` fans out to: every domain's, handed over by whatever starts the
    process (the app's job runtime, `motcua worker`, the `motcua` command)."""
    global _jobs
    _jobs = tuple(specs)


def subscribers(topic: str) -> list[str]:
    return [spec.name for spec in _jobs if spec.subscribes_to(topic)]


def event(topic: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """What each subscriber's row carries: the topic, when it happened (`at`: now, unless the
    payload says so itself) and the payload."""
    return {"topic": topic, "at": now().isoformat(), **payload}


async def publish(topic: str, payload: Mapping[str, Any], *, event_key: str) -> list[int]:
    """Write `event(topic, payload)` for every subscriber (one statement). `event_key`
    identifies this occurrence (e.g. the timeline row id): publishing the same occurrence twice
    adds nothing."""
    message = event(topic, payload)
    jobs = [Job(job, message, f"{topic}:{event_key}:{job}")
            for job in subscribers(topic)]
    if not jobs:
        return []
    return [event_id for event_id in await enqueue_all(jobs) if event_id is not None]


def publish_sql(source: str, *, topic: str, event_key: str, payload: str, jobs: str,
                at: str) -> str:
    """PostgreSQL, for a statement that writes its change and publishes it at once
    (dossiers/transition_statement.py): an insert of `publish`'s rows — one per subscriber
    named in `jobs` (a text[]), for each row of the FROM item `source` — skipping a key used
    before, returning the new rows' ids. Arguments are SQL expressions; `event_key` may name
    a column of `source`."""
    key = f"{topic} || ':' || {event_key} || ':' || j.job"  # as `publish` makes it
    row = new_row(_Sql("j.job"), _Sql(payload), _Sql(key), created_at=_Sql(at),
                  available_at=_Sql(at))
    columns = ", ".join(f'"{name}"' for name in row)
    return (f'INSERT INTO "outbox_event" ({columns}) '
            f"SELECT {', '.join(_sql(value) for value in row.values())} "
            f"FROM {source}, unnest({jobs}) AS j(job) "
            'ON CONFLICT ("dedup_key") DO NOTHING RETURNING "id"')


class _Sql(str):
    """An SQL expression, written into the statement as it is."""


def _sql(value: object) -> str:
    """A value of `new_row` as SQL: an expression as it is, a constant as a literal."""
    if isinstance(value, _Sql):
        return value
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    assert isinstance(value, int)  # new_row's constants: texts, NULL and a count
    return str(int(value))


async def published(event_ids: list[int]) -> None:
    """Wake the job runners for rows a committed `publish_sql` statement wrote (`publish`
    inside a transaction does this after the commit by itself)."""
    if event_ids:
        await wake([Wake(event_id) for event_id in event_ids])
