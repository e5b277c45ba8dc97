"""The `motcua` command: serve, worker, migrate, seed-demo, and each domain's own commands
(`Domain(cli=...)` in app.domains: calendar, partner, stats, grant-officer)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from app.domains import (
    all_commands,
    all_job_specs,
    all_periodic_specs,
    check_settings,
    worker_startup_hooks,
)
from catalogue.seed import seed_demo as run_seed
from catalogue.seed import seed_demo_when_needed
from core.commands import run_with_engine
from core.db.migrate import migrate as run_migrations
from core.logs import configure_logging
from core.settings import ConfigurationError, load_settings
from jobs.publish import use_subscribers
from jobs.supervisor import run_worker
from stats.demo_history import seed_history


@click.group()
def main() -> None:
    """motcua: the one-stop desk backend."""
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_json)
    try:
        check_settings(settings)
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc
    # What a command changes is published to the jobs of every domain, as the app's would be.
    use_subscribers(all_job_specs())


@main.command()
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"),
              show_default="127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), type=int,
              show_default="8000")
@click.option("--workers", default=1, type=int, show_default=True)
@click.option("--no-setup", is_flag=True, help="Skip migrations and demo data in development.")
def serve(host: str, port: int, workers: int, no_setup: bool) -> None:
    """Serve the API with granian (ASGI)."""
    from granian import Granian
    from granian.constants import Interfaces

    settings = load_settings()
    if not settings.production:
        _advertise(host, port)
    if workers > 1:
        _share_metrics_between_workers(settings.data_dir)
    if not settings.production and not no_setup:
        # A newcomer's first start: schema and demo data, so the service is usable at once.
        async def setup() -> None:
            await run_migrations()
            await seed_demo_when_needed()
            await seed_history()  # a year of dossiers for /dashboard, once

        run_with_engine(setup)
    click.echo(f"motcua listening on http://{host}:{port} (docs: /schema)")
    Granian(
        "app.factory:asgi",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        # A worker that dies (killed for memory, a crash in native code) is replaced; the others
        # go on serving. granian's default would stop the whole server instead.
        respawn_failed_workers=True,
        log_access=False,
        # granian's own lines go through our handler too: one format, JSON in production.
        log_dictconfig={
            "version": 1,
            "disable_existing_loggers": False,
            "loggers": {"_granian": {"handlers": [], "propagate": True}},
        },
    ).serve()


def _advertise(host: str, port: int) -> None:
    """In development the address this service gives out (its tokens' issuer, the development
    sign-in's issuer, a card checkout's return URL) is where `serve` listens, unless
    MOTCUA_PUBLIC_URL says otherwise: `serve --port 8410` must not send apps to port 8000.
    Set in the environment, which granian's worker processes inherit."""
    if os.environ.get("MOTCUA_PUBLIC_URL"):
        return
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"  # an IPv6 literal in a URL
    os.environ["MOTCUA_PUBLIC_URL"] = f"http://{shown}:{port}"


def _share_metrics_between_workers(data_dir: Path) -> None:
    """Each granian worker is a process with its own counters; prometheus_client's multiprocess
    mode keeps them in files that /metrics adds up. Stale files of an earlier run are removed."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    directory = data_dir / "prometheus"
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory.resolve())


@main.command()
def worker() -> None:
    """Run background jobs from the outbox (arq on REDIS_URL)."""
    run_worker(load_settings(), all_job_specs(), all_periodic_specs(), worker_startup_hooks())


@main.command()
def migrate() -> None:
    """Apply database migrations."""
    run_with_engine(lambda: run_migrations(verbose=True))
    click.echo("migrations applied")


@main.command("seed-demo")
def seed_demo() -> None:
    """Load the demo catalogue, calendar, people and a year of dossiers (idempotent)."""

    async def run() -> dict[str, int]:
        summary = await run_seed()
        return {**summary, "history_dossiers": await seed_history() or 0}

    summary = run_with_engine(run)
    click.echo(f"demo data: {summary}")


for _command in all_commands():
    main.add_command(_command)
