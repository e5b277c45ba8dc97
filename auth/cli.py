"""`motcua grant-officer`: giving a person a role in an agency (audited as `cli`)."""

from __future__ import annotations

import click

from auth.roles import assign_role
from core.commands import run_with_engine
from core.problems import Problem


@click.command("grant-officer")
@click.option("--person", "person_id", required=True,
              help="The person's id (UUID), not the ID number.")
@click.option("--agency", "unit_code", required=True, help="Agency unit code, e.g. 000.00.01.H22.")
@click.option("--role", type=click.Choice(["officer", "admin", "accountant", "citizen"]),
              default="officer")
def grant_officer(person_id: str, unit_code: str, role: str) -> None:
    """Give a person an officer (or admin) role in an agency; `citizen` takes it away."""
    try:
        run_with_engine(lambda: assign_role(person_id, unit_code, role, actor="cli"))
    except Problem as exc:
        detail = exc.detail.get("en") if isinstance(exc.detail, dict) else exc.detail
        raise click.ClickException(detail or exc.slug) from exc
    click.echo(f"{person_id}: {role} of {unit_code}")


COMMANDS = [grant_officer]
