"""Serving: `pms migrate` and `pms serve`, and the runtime the other commands work in."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from pms.cli.app import app, log
from pms.db.migrate import upgrade
from pms.logs import configure_logging
from pms.runtime import Runtime
from pms.settings import get_settings


@app.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    if settings.embedded:
        settings.ensure_data_dir()
    upgrade(settings.effective_database_url)
    log.info("migrated", database=settings.effective_database_url.split("@")[-1])


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Overrides PMS_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Overrides PMS_PORT")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    no_migrate: Annotated[bool, typer.Option("--no-migrate", help="Skip the migration")] = False,
) -> None:
    """Migrate, then serve the API (and the built web app) with uvicorn."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    if not no_migrate:
        migrate()
    # Generate the secret once, before workers race to create it.
    _ = settings.effective_secret_key
    uvicorn.run(
        "pms.main:app_factory",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # A slow machine (a Raspberry Pi) needs more than uvicorn's 5 s to start a worker.
        timeout_worker_healthcheck=30,
    )


def runtime_for_command() -> Runtime:
    """A migrated database and this process's runtime (background work runs in the foreground)."""
    migrate()
    return Runtime.build(get_settings())
