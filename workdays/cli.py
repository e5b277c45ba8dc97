"""`motcua calendar …`: the operator's way to edit the working-day calendar (audited as `cli`)."""

from __future__ import annotations

from datetime import date, datetime

import click

from core.commands import run_or_refuse
from workdays.edits import Actor, remove_day, set_day
from workdays.seed import seed_default_calendar
from workdays.store import load_calendar

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _set(day: datetime, kind: str, note_vi: str, note_en: str) -> None:
    run_or_refuse(lambda: set_day(day.date(), kind, Actor("system", "cli"), note_vi, note_en))
    click.echo(f"{day.date().isoformat()}: {kind}")


@click.group("calendar")
def calendar() -> None:
    """Extra days off and make-up working days on top of the statutory holidays."""


@calendar.command("add-day-off")
@click.argument("day", type=ISO_DATE, metavar="YYYY-MM-DD")
@click.option("--note-vi", default="", help="Name shown in Vietnamese.")
@click.option("--note-en", default="", help="Name shown in English.")
def add_day_off(day: datetime, note_vi: str, note_en: str) -> None:
    """Mark DAY (YYYY-MM-DD) as an extra day off, e.g. a Tết bridge day."""
    _set(day, "day_off", note_vi, note_en)


@calendar.command("add-working-day")
@click.argument("day", type=ISO_DATE, metavar="YYYY-MM-DD")
@click.option("--note-vi", default="", help="Name shown in Vietnamese.")
@click.option("--note-en", default="", help="Name shown in English.")
def add_working_day(day: datetime, note_vi: str, note_en: str) -> None:
    """Mark DAY (YYYY-MM-DD) as a make-up working day, e.g. a swapped Saturday."""
    _set(day, "working_day", note_vi, note_en)


@calendar.command("remove")
@click.argument("day", type=ISO_DATE, metavar="YYYY-MM-DD")
def remove(day: datetime) -> None:
    """Drop DAY's override; the statutory calendar applies again."""
    run_or_refuse(lambda: remove_day(day.date(), Actor("system", "cli")))
    click.echo(f"{day.date().isoformat()}: statutory")


@calendar.command("list")
@click.argument("year", type=click.IntRange(1995, 2100))
def list_year(year: int) -> None:
    """List YEAR's days off and make-up working days."""
    async def entries() -> list:
        return (await load_calendar()).entries(year)

    for entry in run_or_refuse(entries):  # type: ignore[union-attr]
        mark = "*" if entry.source == "override" else " "
        click.echo(f"{entry.day.isoformat()} {_weekday(entry.day)} {entry.kind:<11} {mark} "
                   f"{entry.name_vi} / {entry.name_en}")


@calendar.command("seed")
def seed() -> None:
    """Add the default 2026–2027 rows the statutory calendar lacks (idempotent)."""
    click.echo(f"calendar rows added: {run_or_refuse(seed_default_calendar)}")


def _weekday(day: date) -> str:
    return day.strftime("%a")


COMMANDS = [calendar]
