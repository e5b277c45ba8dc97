"""`motcua stats verify [--rebuild]`: recount the rollups from the dossiers and report drift."""

from __future__ import annotations

import click

from core.commands import run_with_engine
from stats.recount import verify as run_verify


@click.group("stats")
def stats() -> None:
    """The indicators' rollups (stats_day)."""


@stats.command("verify")
@click.option("--rebuild", is_flag=True,
              help="Replace the rollups with the recount (run while no dossier changes, or "
                   "run verify again after: a change during the rebuild is applied by its job).")
@click.option("--show", default=20, show_default=True, help="Differences to print at most.")
def verify(rebuild: bool, show: int) -> None:
    """Recount every counter from the dossiers; exit 1 when the rollups had drifted."""
    report = run_with_engine(lambda: run_verify(rebuild=rebuild))
    click.echo(f"dossiers recounted: {report.dossiers}; stats_day rows: {report.rows}; "
               f"differences: {len(report.drift)}")
    for drift in report.drift[:show]:
        agency, service, channel, day = drift.key
        click.echo(f"  {drift.table} {day} agency={agency} service={service} channel={channel} "
                   f"{drift.counter}: rollup {drift.rollup}, recount {drift.recount}")
    if report.rebuilt:
        click.echo("rollups rebuilt from the recount")
    elif report.drift:
        raise SystemExit(1)


COMMANDS = [stats]
