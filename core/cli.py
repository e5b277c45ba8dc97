"""The `motcua` command: serve, worker, migrate, seed-demo and administration."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import click

from core.settings import ConfigurationError, load_settings


def _run_with_engine(work: Callable[[], Awaitable[object]]) -> object:
    """Open the configured database, run `work`, and always close it (aiosqlite's threads
    would otherwise keep the process alive). What `work` changes is announced to the running
    API processes (core/changes.py), so their caches forget it."""
    from core.changes import BUS
    from core.db import close_engine, current_engine, open_engine

    async def main() -> object:
        engine = current_engine()
        await open_engine(engine, pool_size=2)
        await BUS.start(load_settings().redis_url, subscribe=False)
        try:
            return await work()
        finally:
            await BUS.stop()
            await close_engine(engine)

    return asyncio.run(main())


@click.group()
def main() -> None:
    """motcua: the one-stop desk backend."""
    from core.logs import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level, settings.log_json)
    try:
        settings.check()
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc


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
        from catalogue.seed import seed_demo_when_needed
        from core.db.migrate import migrate as run_migrations
        from stats.demo_history import seed_history

        async def setup() -> None:
            await run_migrations()
            await seed_demo_when_needed()
            await seed_history()  # a year of dossiers for /dashboard, once

        _run_with_engine(setup)
    click.echo(f"motcua listening on http://{host}:{port} (docs: /schema)")
    Granian(
        "core.app:asgi",
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
    from jobs.supervisor import run_worker

    run_worker(load_settings())


@main.command()
def migrate() -> None:
    """Apply database migrations."""
    from core.db.migrate import migrate as run_migrations

    _run_with_engine(lambda: run_migrations(verbose=True))
    click.echo("migrations applied")


@main.command("seed-demo")
def seed_demo() -> None:
    """Load the demo catalogue, calendar, people and a year of dossiers (idempotent)."""
    from catalogue.seed import seed_demo as run_seed
    from stats.demo_history import seed_history

    async def run() -> dict[str, int]:
        summary = await run_seed()
        return {**summary, "history_dossiers": await seed_history() or 0}

    summary = _run_with_engine(run)
    click.echo(f"demo data: {summary}")


@main.command("grant-officer")
@click.option("--person", "person_id", required=True,
              help="The person's id (UUID), not the ID number.")
@click.option("--agency", "unit_code", required=True, help="Agency unit code, e.g. 000.00.01.H22.")
@click.option("--role", type=click.Choice(["officer", "admin", "accountant", "citizen"]),
              default="officer")
def grant_officer(person_id: str, unit_code: str, role: str) -> None:
    """Give a person an officer (or admin) role in an agency; `citizen` takes it away."""
    from auth.roles import assign_role
    from core.problems import Problem

    try:
        _run_with_engine(lambda: assign_role(person_id, unit_code, role, actor="cli"))
    except Problem as exc:
        detail = exc.detail.get("en") if isinstance(exc.detail, dict) else exc.detail
        raise click.ClickException(detail or exc.slug) from exc
    click.echo(f"{person_id}: {role} of {unit_code}")


from workdays.cli import calendar as _calendar_commands  # noqa: E402

main.add_command(_calendar_commands)

from postal.webhooks.cli import partner as _partner_commands  # noqa: E402

main.add_command(_partner_commands)

from stats.cli import stats as _stats_commands  # noqa: E402

main.add_command(_stats_commands)
