"""Market data from the command line: `pms prices refresh` and `pms demo`."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import func, select

from pms.cli import server
from pms.cli.app import app, console, prices_app
from pms.db.models import Instrument
from pms.db.session import session_scope
from pms.enums import DataSource
from pms.errors import PMSError
from pms.services import auth, market_refresh
from pms.services.demo import load_demo


@prices_app.command("refresh")
def prices_refresh(
    symbol: Annotated[
        list[str] | None,
        typer.Option("--symbol", "-s", help="Only this instrument (repeatable); default: all"),
    ] = None,
    fx: Annotated[bool, typer.Option(help="Also refresh exchange rates")] = True,
) -> None:
    """Fetch missing prices, splits, dividends and exchange rates from the provider now."""
    runtime = server.runtime_for_command()
    market = runtime.market
    try:
        with session_scope(runtime.session_factory) as session:
            ids = None
            if symbol:
                wanted = {s.upper() for s in symbol}
                found: dict[str, int] = dict(
                    session.execute(
                        select(func.upper(Instrument.symbol), Instrument.id).where(
                            Instrument.data_source == DataSource.YAHOO,
                            func.upper(Instrument.symbol).in_(wanted),
                        )
                    ).all()
                )
                missing = sorted(wanted - set(found))
                if missing:
                    console.print(f"[red]Not in the catalogue:[/red] {', '.join(missing)}")
                    raise typer.Exit(2)
                ids = list(found.values())
            plan = market_refresh.plan_refresh(
                session, market.today(), instrument_ids=ids, include_fx=fx
            )
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("Refreshing", total=plan.total)

            def advance(result: market_refresh.ItemResult, done: int, total: int) -> None:
                progress.update(task, completed=done, description=f"Refreshing {result.label}")

            report = market_refresh.refresh(market, plan, force=True, on_item=advance)
    finally:
        runtime.close()
    failed = report.errors
    console.print(f"{len(report.results) - len(failed)} refreshed, {len(failed)} failed")
    if failed:
        table = Table("symbol", "reason", "message")
        for item in failed:
            table.add_row(item.label, item.state.value, item.message or "")
        console.print(table)
        raise typer.Exit(1)


@app.command()
def demo(
    username: Annotated[str, typer.Option(help="Whose account gets the demo")] = "demo",
    password: Annotated[
        str | None,
        typer.Option(help="Password for a new user (default: a generated one, printed once)"),
    ] = None,
) -> None:
    """Load the demo portfolio (real historical prices, no network) into an empty account,
    creating the user if needed."""
    runtime = server.runtime_for_command()
    generated = None
    try:
        with session_scope(runtime.session_factory) as session:
            user = auth.find_user_by_username(session, username)
            if user is None:
                if password is not None and len(password) < 12:
                    console.print("[red]The password must be at least 12 characters.[/red]")
                    raise typer.Exit(2)
                generated = None if password else secrets.token_urlsafe(12)
                user = auth.register(
                    session, username, password or generated or "", allow_signup=True
                )
            summary = load_demo(session, user)
    except PMSError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from None
    finally:
        runtime.close()
    console.print(
        f"Loaded the demo into '{username}': {summary.accounts} accounts, "
        f"{summary.instruments} instruments, {summary.transactions} transactions, "
        f"prices {summary.first_date} to {summary.last_date}."
    )
    if generated:
        console.print(f"Sign in as '{username}' with the password: {generated}")
