"""`motcua partner …`: configuring postal partner endpoints (audited as `cli`). Secrets and the
partner API key are printed once, when made, and stored only as given (secrets) or hashed (key)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import click

from core.audit import record
from core.commands import run_or_refuse
from core.db import transaction
from postal.webhooks import endpoints, replay, views


async def _audit(action: str, partner: str, **detail) -> None:
    await record(action, actor_kind="system", actor_id="cli", subject_type="webhook_endpoint",
                 subject_id=partner, detail=detail)


@click.group("partner")
def partner() -> None:
    """Postal partner endpoints: where booking webhooks go and how they are signed."""


@partner.command("add")
@click.argument("name")
@click.option("--url", required=True, help="The partner's webhook URL (https in production).")
@click.option("--signing-secret", default=None, help="whsec_… we sign with (default: a new one).")
@click.option("--inbound-secret", default=None,
              help="whsec_… the partner signs its callbacks with (default: a new one).")
def add(name: str, url: str, signing_secret: str | None, inbound_secret: str | None) -> None:
    """Add a partner, or reconfigure one (its API key is replaced)."""
    if not re.fullmatch(r"[a-z0-9_-]{1,40}", name):
        raise click.ClickException("NAME: 1–40 lowercase letters, digits, - or _")
    if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
        raise click.ClickException("--url must be an http(s) URL")
    signing = signing_secret or endpoints.new_secret()
    inbound = inbound_secret or endpoints.new_secret()

    async def work() -> str:
        async with transaction():
            key = await endpoints.add(name, url, signing_secret=signing, inbound=inbound)
            await _audit("webhook.endpoint_add", name, url=url)
        return key

    key = run_or_refuse(work)
    click.echo(f"partner {name} → {url}")
    click.echo(f"  signing secret (verify our webhooks):      {signing}")
    click.echo(f"  inbound secret (sign your callbacks to us): {inbound}")
    click.echo(f"  API key (listing your bookings; shown once): {key}")


@partner.command("list")
def list_() -> None:
    """Partners with their status (no secrets)."""
    for item in run_or_refuse(views.endpoints):
        failing = f", failing since {item['failing_since']}" if item["failing_since"] else ""
        reason = f" ({item['disabled_reason']})" if item["disabled_reason"] else ""
        click.echo(f"{item['partner']}\t{item['status']}{reason}\t{item['url'] or '(in-process)'}"
                   f"\t{item['undelivered']} undelivered{failing}")


@partner.command("disable")
@click.argument("name")
@click.option("--reason", default="disabled by an operator")
def disable(name: str, reason: str) -> None:
    """Stop sending to a partner; its messages wait until it is enabled."""
    async def work() -> bool:
        async with transaction():
            done = await endpoints.disable(name, reason)
            if done:
                await _audit("webhook.endpoint_disable", name, reason=reason)
        return done

    if not run_or_refuse(work):
        raise click.ClickException(f"no enabled partner named {name}")
    click.echo(f"{name}: disabled")


@partner.command("enable")
@click.argument("name")
def enable(name: str) -> None:
    """Enable a partner and queue the messages that waited for it."""
    count = run_or_refuse(lambda: replay.enable(name, actor="cli"))
    click.echo(f"{name}: enabled, {count} waiting message(s) queued")


COMMANDS = [partner]
