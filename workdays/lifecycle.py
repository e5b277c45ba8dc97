"""Start-up: the statutory calendar is built before the process serves, or before a worker
runs its first job (workdays.calendar.prepare)."""

from __future__ import annotations

from core import clock
from workdays.calendar import prepare


def prepare_years_in_use() -> None:
    # Last year's too (due dates of dossiers received then), and next year's (deadlines that
    # run past New Year).
    year = clock.today().year
    prepare(year - 1, year, year + 1)


async def on_startup(app: object) -> None:
    prepare_years_in_use()


async def on_worker_startup() -> None:
    prepare_years_in_use()  # before the first job that needs a deadline holds the loop
